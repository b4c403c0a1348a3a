// The dashboard's entry: its styles, then the app in #app.
import './styles.css';
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
