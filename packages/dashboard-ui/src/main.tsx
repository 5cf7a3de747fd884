import { render } from "preact";
import { App } from "./components/app.js";
import { connect } from "./store.js";
import "./styles.css";

connect();
render(<App />, document.getElementById("app")!);
