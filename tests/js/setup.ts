/**
 * Shared set-up for the UI tests: jest-dom matchers, the page's settings as the plugin prints
 * them, and a clean DOM and mocks after each test.
 */
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

import { serverKeyTexts } from './serverKeyTexts';

// Text queries look at what is on screen, not at @wordpress/a11y's hidden live regions, which
// repeat every spoken message.
configure( { defaultIgnore: 'script, style, [id^="a11y-speak"]' } );

// jsdom has no layout; the snackbar animation (framer-motion) calls scrollTo.
window.scrollTo = () => {};

// A page of the plugin always gives the screen the server's sentences about a key.
const KEY_TEXTS = serverKeyTexts();
beforeEach( () => {
	window.keyGuardSettings = { keyTexts: KEY_TEXTS };
} );

afterEach( () => {
	cleanup();
	vi.clearAllMocks();
	delete window.keyGuardSettings;
	// The screen keeps the open tab in the address (#events); each test starts from a bare address.
	window.history.replaceState( null, '', '/' );
} );
