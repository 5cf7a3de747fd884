/** docs/events.md, absolute. */
export declare const CATALOG_FILE: string;
/** The event catalog as Markdown, generated from packages/model's event definitions. */
export declare function renderEventCatalog(): string;
