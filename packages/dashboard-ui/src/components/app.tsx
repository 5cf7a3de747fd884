import { ActionsPanel } from "./actions-panel.js";
import { EventLog } from "./event-log.js";
import { Header } from "./header.js";
import { MigrationsPanel } from "./migrations-panel.js";
import { PropagationPanel } from "./propagation-panel.js";
import { TopologyView } from "./topology-view.js";

export function App() {
  return (
    <div class="page">
      <Header />
      <main class="layout">
        <section class="panel topology" aria-label="Topology">
          <TopologyView />
        </section>
        <aside class="side">
          <PropagationPanel />
          <ActionsPanel />
          <MigrationsPanel />
        </aside>
        <section class="panel log" aria-label="Event log">
          <EventLog />
        </section>
      </main>
    </div>
  );
}
