import { render } from 'preact';

render(<p>Confab</p>, document.getElementById('app')!);
