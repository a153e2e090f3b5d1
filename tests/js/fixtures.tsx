/**
 * Builders for REST answers, a simulator-shaped key, a render helper with a fresh registry, and
 * disclosures opened as a person opens them.
 */
import { render } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { RegistryProvider, createRegistry } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';
import type { ReactElement } from 'react';

import { KEY_MARKER } from '../../src/shared/normalise';
import type {
	EnvironmentKey,
	EnvironmentType,
	KeyStatus,
	SaveResult,
	TestResult,
} from '../../src/shared/types';

/**
 * A key of the shared simulator shape: sk-proj- + 74 + T3BlbkFJ + 74 characters.
 *
 * @param scenario Simulator scenario, e.g. ok or insufficient_quota.
 * @param seed     Makes keys of the same scenario differ.
 */
export function simKey( scenario = 'ok', seed = '1' ): string {
	const left = `sim-${ scenario }-${ seed }${ 'A'.repeat( 74 ) }`.slice(
		0,
		74
	);
	const right = `R${ seed }`.repeat( 74 ).slice( 0, 74 );
	return `sk-proj-${ left }${ KEY_MARKER }${ right }`;
}

/**
 * The four environment types' prepared keys, none saved, this site `production`.
 *
 * @param overrides Changes per environment type.
 */
export function makeEnvironments(
	overrides: Partial<
		Record< EnvironmentType, Partial< EnvironmentKey > >
	> = {}
): EnvironmentKey[] {
	const types: EnvironmentType[] = [
		'production',
		'staging',
		'development',
		'local',
	];
	return types.map( ( environment ) => ( {
		environment,
		current: environment === 'production',
		configured: false,
		readable: false,
		masked: '',
		saved_at: null,
		saved_by: null,
		saved_by_name: null,
		site: null,
		...overrides[ environment ],
	} ) );
}

export function makeStatus( overrides: Partial< KeyStatus > = {} ): KeyStatus {
	return {
		configured: true,
		source: 'database',
		editable: true,
		masked: 'sk-proj-…Ab3d',
		kind: 'project',
		saved_at: new Date( Date.now() - 5 * 60 * 1000 ).toISOString(),
		saved_by: 1,
		saved_by_name: 'Ada Admin',
		last_test: null,
		warnings: [],
		default_model: 'gpt-4o-mini',
		environment: 'production',
		environments: makeEnvironments(),
		storage: 'encrypted',
		storage_warning: null,
		held: false,
		age_days: 0,
		shared_secret: true,
		...overrides,
	};
}

export const EMPTY_STATUS = makeStatus( {
	configured: false,
	source: 'none',
	masked: '',
	kind: null,
	saved_at: null,
	saved_by: null,
	saved_by_name: null,
} );

export function makeSaveResult(
	overrides: Partial< SaveResult > = {}
): SaveResult {
	return {
		...makeStatus( {
			masked: 'sk-proj-…Zz99',
			saved_at: new Date().toISOString(),
		} ),
		notices: [],
		...overrides,
	};
}

export function makeResult(
	overrides: Partial< TestResult > = {}
): TestResult {
	return {
		ok: true,
		code: 'connected',
		message: 'Connected to OpenAI.',
		advice: 'Nothing to do: the key works.',
		http_status: 200,
		request_id: 'req_abc123',
		latency_ms: 412,
		model: 'gpt-4o-mini',
		checks: [
			{
				id: 'key',
				label: 'Key format',
				status: 'pass',
				detail: 'Project key.',
			},
			{
				id: 'model',
				label: 'Model access',
				status: 'pass',
				detail: 'gpt-4o-mini is available.',
			},
			{
				id: 'request',
				label: 'Test request',
				status: 'pass',
				detail: 'OpenAI answered.',
			},
		],
		rate_limit: {
			limit_requests: 5000,
			remaining_requests: 4999,
			reset_requests: '12ms',
			limit_tokens: 2000000,
			remaining_tokens: 1999990,
			reset_tokens: '0s',
			retry_after: null,
		},
		links: [],
		tested_at: '2025-01-02T03:04:05Z',
		key_source: 'stored',
		...overrides,
	};
}

export const FAILED_QUOTA = makeResult( {
	ok: false,
	code: 'insufficient_quota',
	message: 'The OpenAI account has no credit left.',
	advice: 'Add credit or raise the monthly budget, then test again.',
	http_status: 429,
	request_id: 'req_quota42',
	checks: [
		{
			id: 'key',
			label: 'Key format',
			status: 'pass',
			detail: 'Project key.',
		},
		{
			id: 'model',
			label: 'Model access',
			status: 'pass',
			detail: 'gpt-4o-mini is available.',
		},
		{
			id: 'request',
			label: 'Test request',
			status: 'fail',
			detail: 'HTTP 429 insufficient_quota.',
		},
	],
	rate_limit: {
		limit_requests: 500,
		remaining_requests: 0,
		reset_requests: '20s',
		limit_tokens: null,
		remaining_tokens: null,
		reset_tokens: null,
		retry_after: 20,
	},
	links: [
		{
			label: 'Billing overview',
			url: 'https://platform.openai.com/settings/organization/billing/overview',
		},
	],
} );

/**
 * Renders with a registry of its own, so notices never leak from one test to the next.
 *
 * @param ui The element to render.
 */
export function renderWithRegistry( ui: ReactElement ) {
	const registry = createRegistry();
	registry.register( noticesStore );
	return {
		registry,
		...render(
			<RegistryProvider value={ registry }>{ ui }</RegistryProvider>
		),
	};
}

/** A promise whose settling the test controls, to observe busy states. */
export function deferred< T >() {
	let resolve!: ( value: T ) => void;
	let reject!: ( reason: unknown ) => void;
	const promise = new Promise< T >( ( yes, no ) => {
		resolve = yes;
		reject = no;
	} );
	return { promise, resolve, reject };
}

/**
 * The toggle button of a disclosure (a section closed until asked for).
 *
 * @param disclosure The disclosure's element.
 */
function toggleOf( disclosure: Element ): HTMLButtonElement {
	return disclosure.querySelector(
		':scope > .key-guard-disclosure__title > button, :scope > button'
	) as HTMLButtonElement;
}

/**
 * Whether a disclosure is open, as its toggle tells assistive technology.
 *
 * @param disclosure The disclosure's element.
 */
export function isOpen( disclosure: Element | null ): boolean {
	return (
		!! disclosure &&
		toggleOf( disclosure ).getAttribute( 'aria-expanded' ) === 'true'
	);
}

/**
 * The disclosure titled `title`, or null.
 *
 * @param title     Its toggle's text, e.g. Technical details.
 * @param container Where to look (the whole page by default).
 */
export function findDisclosure(
	title: string,
	container: HTMLElement = document.body
): HTMLElement | null {
	return (
		Array.from(
			container.querySelectorAll< HTMLElement >( '.key-guard-disclosure' )
		).find(
			( disclosure ) => toggleOf( disclosure )?.textContent === title
		) ?? null
	);
}

/**
 * Opens a disclosure as a person does, by clicking its title; fails when there is none.
 *
 * @param user      The user-event instance.
 * @param title     Its toggle's text.
 * @param container Where to look (the whole page by default).
 */
export async function openDisclosure(
	user: UserEvent,
	title: string,
	container: HTMLElement = document.body
): Promise< HTMLElement > {
	const disclosure = findDisclosure( title, container );
	if ( ! disclosure ) {
		throw new Error( `No disclosure titled “${ title }”.` );
	}
	if ( ! isOpen( disclosure ) ) {
		await user.click( toggleOf( disclosure ) );
	}
	if ( ! isOpen( disclosure ) ) {
		throw new Error( `Clicking “${ title }” did not open it.` );
	}
	return disclosure;
}

/**
 * Opens every disclosure on the page, outer ones first, including those an opening reveals.
 *
 * @param user The user-event instance.
 */
export async function openEveryDisclosure( user: UserEvent ) {
	const closed = () =>
		Array.from(
			document.body.querySelectorAll( '.key-guard-disclosure' )
		).find( ( disclosure ) => ! isOpen( disclosure ) );
	let next = closed();
	while ( next ) {
		await user.click( toggleOf( next ) );
		if ( ! isOpen( next ) ) {
			throw new Error( 'A disclosure did not open on click.' );
		}
		next = closed();
	}
}

/**
 * Whether a closed disclosure hides an element from sight (a disclosure's own title stays in sight).
 *
 * @param element The element.
 */
export function isInClosedDisclosure( element: Element ): boolean {
	return element.closest( '.key-guard-disclosure__body[hidden]' ) !== null;
}
