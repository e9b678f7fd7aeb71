import { render } from 'preact';
import '../styles.css';
import './public.css';
import { PublicApp } from './app';

render(<PublicApp />, document.getElementById('app')!);
