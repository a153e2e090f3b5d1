/**
 * One look at a state of the screen, as the accessibility and small-screen checks want it: axe
 * finds no serious or critical violation, nothing scrolls sideways, and the state's picture and
 * page height are kept in artifacts/screens/ (CI keeps that folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { REPO_ROOT } from './sites';

const SCREENS = path.join( REPO_ROOT, 'artifacts/screens' );
const MEASURES = path.join( SCREENS, 'measures.json' );

export const VIEWPORTS = [
	{ name: 'desktop', width: 1280, height: 900 },
	{ name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Checks a state: no serious or critical axe violation, no sideways scrolling; then keeps its
 * picture and its page height.
 *
 * @param page  The page.
 * @param state The state's name, e.g. desktop-first-visit.
 */
export async function inspect( page: Page, state: string ) {
	const axe = await new AxeBuilder( { page } )
		.include( '#wpbody-content' )
		.analyze();
	const serious = axe.violations.filter(
		( violation ) =>
			violation.impact === 'serious' || violation.impact === 'critical'
	);
	expect(
		serious.map(
			( violation ) =>
				`${ violation.id }: ${ violation.nodes
					.map( ( node ) => node.target.join( ' ' ) )
					.join( ', ' ) }`
		),
		`axe in ${ state }`
	).toEqual( [] );

	// The page's own height: where WordPress's content area ends (the document is never shorter
	// than the window, and the footer sits at the window's bottom on a short page).
	const { scrollWidth, clientWidth, height } = await page.evaluate( () => {
		const content = document.getElementById( 'wpbody-content' );
		return {
			scrollWidth: document.documentElement.scrollWidth,
			clientWidth: document.documentElement.clientWidth,
			height: content
				? Math.round(
						content.getBoundingClientRect().bottom + window.scrollY
					)
				: document.documentElement.scrollHeight,
		};
	} );
	expect(
		scrollWidth,
		`sideways scrolling in ${ state }`
	).toBeLessThanOrEqual( clientWidth );

	fs.mkdirSync( SCREENS, { recursive: true } );
	await page.screenshot( {
		path: path.join( SCREENS, `${ state }.png` ),
		fullPage: true,
		animations: 'disabled',
	} );
	const measures = fs.existsSync( MEASURES )
		? JSON.parse( fs.readFileSync( MEASURES, 'utf8' ) )
		: {};
	measures[ state ] = {
		height,
		axe: {
			serious: serious.length,
			moderate: axe.violations.filter( ( v ) => v.impact === 'moderate' )
				.length,
			minor: axe.violations.filter( ( v ) => v.impact === 'minor' )
				.length,
		},
	};
	fs.writeFileSync( MEASURES, JSON.stringify( measures, null, '\t' ) );
	return height;
}
