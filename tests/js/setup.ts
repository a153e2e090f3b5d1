/**
 * Shared set-up for the UI tests: jest-dom matchers, and a clean DOM and mocks after each test.
 */
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Text queries look at what is on screen, not at @wordpress/a11y's hidden live regions, which
// repeat every spoken message.
configure( { defaultIgnore: 'script, style, [id^="a11y-speak"]' } );

// jsdom has no layout; the snackbar animation (framer-motion) calls scrollTo.
window.scrollTo = () => {};

afterEach( () => {
	cleanup();
	vi.clearAllMocks();
	delete window.keyGuardSettings;
	// The screen keeps the open tab in the address (#events); each test starts from a bare address.
	window.history.replaceState( null, '', '/' );
} );
