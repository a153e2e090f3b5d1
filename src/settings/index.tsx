/**
 * Mounts the OpenAI key screen into the root the settings page prints.
 */
import { createRoot } from '@wordpress/element';

import App from './components/App';
import './index.scss';

function mount() {
	const root = document.getElementById( 'key-guard-root' );
	if ( root ) {
		createRoot( root ).render( <App /> );
	}
}

if ( document.readyState === 'loading' ) {
	document.addEventListener( 'DOMContentLoaded', mount );
} else {
	mount();
}
