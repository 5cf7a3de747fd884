/** Each JSON Schema file under docs/schemas (absolute path) and the text it must hold. */
export declare function renderFileSchemas(): Record<string, string>;
