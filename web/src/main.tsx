import { render } from 'preact';
import { ConfabClient } from './protocol';
import { App } from './ui/App';
import { registerServiceWorker } from './ui/notify';
import { bind } from './ui/state';
import './ui/styles.css';

async function boot() {
  const client = await ConfabClient.start();
  bind(client);
  registerServiceWorker();
  addEventListener('online', () => client.reconnectNow());
  // a test hook for the browser tests and benchmarks: the first frame with cached chats
  (window as unknown as { confab: unknown }).confab = client;
  render(<App />, document.getElementById('app')!);
}

void boot();
