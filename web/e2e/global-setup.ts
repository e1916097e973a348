export default function setup() {
  if (!process.env.CONFAB_URL) throw new Error('CONFAB_URL must point at a running Confab server (WebBrowserTest sets it)');
}
