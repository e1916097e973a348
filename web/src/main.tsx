import { render } from 'preact';
import { ConfabClient } from './protocol';
import { App } from './ui/App';
import { registerServiceWorker } from './ui/notify';
import { bind } from './ui/state';
import './ui/styles.css';

async function boot() {
  const client = await ConfabClient.start();
  bind(client);
  addEventListener('online', () => client.reconnectNow());
  // a test hook for the browser tests and benchmarks: the first frame with cached chats
  (window as unknown as { confab: unknown }).confab = client;
  render(<App />, document.getElementById('app')!);
  // after the chat list is on screen: registering checks /sw.js for an update and may start the
  // worker, neither of which the first paint needs (push and notifications come later anyway)
  setTimeout(registerServiceWorker, 0);
}

void boot();
