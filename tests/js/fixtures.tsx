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
	CallerSeen,
	EnvironmentKey,
	EnvironmentType,
	KeyStatus,
	Limits,
	SaveResult,
	TestResult,
} from '../../src/shared/types';
import {
	NO_COUNTS,
	limitsServer,
	serve,
	usageServer,
	type Routes,
	type Traffic,
	type UsageNames,
} from './rest';

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

/**
 * The day the usage tests take as today (local noon): the 20th, so this month holds earlier days
 * and the last 30 days reach into the month before.
 */
export const TODAY = new Date( 2026, 10, 20, 12 );

/** How the fake usage route names callers and the unknown model. */
export const USAGE_NAMES: UsageNames = {
	callers: {
		'ai-engine': 'AI Engine',
		core: 'WordPress core',
		'theme:twentytwentyfive': 'Twenty Twenty-Five',
		'new-plugin': 'New Plugin',
		'mu:seo-helper.php': 'SEO Helper',
	},
	unknownModel: 'Unknown model',
	prices_as_of: '2026-11-01',
};

/**
 * One model's requests by one caller on one day.
 *
 * @param day       YYYY-MM-DD.
 * @param model     The model ('' unknown).
 * @param caller    The caller id.
 * @param overrides Counts.
 */
function traffic(
	day: string,
	model: string,
	caller: string,
	overrides: Partial< Traffic >
): Traffic {
	return {
		day,
		model,
		caller,
		...NO_COUNTS,
		...overrides,
	};
}

/**
 * What the site did (TODAY is 2026-11-20). This month: 21 requests, 6 blocked, $0.0282, one
 * request of an unknown model; today: 15 requests, $0.0261. The last 30 days (Oct 22 to Nov 20)
 * add Oct 25; Oct 1 is outside both.
 */
export const TRAFFIC: Traffic[] = [
	traffic( '2026-11-20', 'gpt-4o-mini', 'ai-engine', {
		requests: 12,
		input_tokens: 1200,
		cached_tokens: 200,
		output_tokens: 300,
		cost_usd: 0.0123,
	} ),
	traffic( '2026-11-20', 'gpt-4.1', 'core', {
		requests: 3,
		input_tokens: 3000,
		output_tokens: 900,
		cost_usd: 0.0138,
	} ),
	traffic( '2026-11-19', 'gpt-4o-mini', 'new-plugin', { blocked: 4 } ),
	traffic( '2026-11-18', 'gpt-4o-mini', 'theme:twentytwentyfive', {
		requests: 5,
		blocked: 2,
		input_tokens: 500,
		output_tokens: 100,
		cost_usd: 0.0021,
	} ),
	traffic( '2026-11-18', '', 'ai-engine', {
		requests: 1,
		input_tokens: 100,
		output_tokens: 50,
	} ),
	traffic( '2026-10-25', 'gpt-4.1', 'core', {
		requests: 7,
		input_tokens: 7000,
		output_tokens: 2100,
		cost_usd: 0.0322,
	} ),
	traffic( '2026-10-01', 'gpt-4.1', 'core', {
		requests: 100,
		cost_usd: 1,
	} ),
];

/**
 * A caller seen on the site.
 *
 * @param id        The caller id; its label comes from USAGE_NAMES.
 * @param overrides Changes.
 */
export function makeCaller(
	id: string,
	overrides: Partial< CallerSeen > = {}
): CallerSeen {
	return {
		id,
		label: USAGE_NAMES.callers[ id ] ?? id,
		kind: 'plugin',
		first_seen: '2026-11-02',
		last_seen: '2026-11-20',
		requests: 10,
		blocked: 0,
		waiting: false,
		...overrides,
	};
}

/**
 * Limits with a $5 monthly budget and 60 requests a minute; new callers wait for approval: AI
 * Engine (500 requests a day) and WordPress core are approved, New Plugin and SEO Helper wait.
 *
 * @param overrides Changes.
 */
export function makeLimits( overrides: Partial< Limits > = {} ): Limits {
	return {
		monthly_budget_usd: 5,
		daily_budget_usd: null,
		requests_per_minute: 60,
		requests_per_day: null,
		unknown_callers: 'approve',
		callers: {
			'ai-engine': {
				requests_per_day: 500,
				monthly_budget_usd: null,
				approved: true,
			},
			core: {
				requests_per_day: null,
				monthly_budget_usd: null,
				approved: true,
			},
		},
		editable: true,
		locked_by: null,
		locked_problem: null,
		alert_thresholds: [ 50, 80, 100 ],
		callers_seen: [
			makeCaller( 'ai-engine', { requests: 13 } ),
			makeCaller( 'core', { kind: 'core', requests: 10 } ),
			makeCaller( 'new-plugin', {
				first_seen: '2026-11-19',
				requests: 0,
				blocked: 4,
				waiting: true,
			} ),
			makeCaller( 'mu:seo-helper.php', {
				kind: 'mu',
				first_seen: '2026-11-10',
				requests: 0,
				blocked: 1,
				waiting: true,
			} ),
		],
		...overrides,
	};
}

/**
 * Serves the key screen of a site with a saved key, TRAFFIC on its usage route and `limits` on
 * its limits route.
 *
 * @param limits The limits the server holds.
 * @param routes Other handlers, which win.
 */
export function serveUsageSite(
	limits: Limits = makeLimits(),
	routes: Routes = {}
) {
	serve( {
		GET: () => makeStatus(),
		USAGE: usageServer( TRAFFIC, USAGE_NAMES ),
		LIMITS: limitsServer( limits ),
		...routes,
	} );
}
