/**
 * Settings the PHP side prints into the page, with defaults so the screen works without them.
 */

export interface DashboardLinks {
	apiKeys: string;
	billing: string;
	limits: string;
	projects: string;
}

/** Whether WordPress 7's AI features can use the key: the AI Provider for OpenAI plugin's state. */
export type CoreAiState = 'active' | 'inactive' | 'absent';

/** What php/Admin/Core_Ai_State.php says, checked; a link is null when the user may not follow it. */
export interface CoreAi {
	state: CoreAiState;
	/** Activates the installed plugin (nonce'd); only when inactive and the user may activate plugins. */
	activateUrl: string | null;
	/** The plugin installer's search for it; only when absent and the user may install plugins. */
	installUrl: string | null;
	/** Settings → Connectors. */
	connectorsUrl: string | null;
}

const CORE_AI_STATES: readonly CoreAiState[] = [
	'active',
	'inactive',
	'absent',
];

declare global {
	interface Window {
		keyGuardSettings?: {
			/** PHP may spell apiKeys as api_keys (php/Advice.php LINKS); both are read. */
			dashboardLinks?: Partial< DashboardLinks > & { api_keys?: string };
			/** Whether OPENAI_BASE_URL is unset, i.e. the key goes to OpenAI's own API (Endpoint::is_openai_own()). */
			openaiOwnBaseUrl?: boolean;
			/** Core_Ai_State::describe(): null where core has no AI features (WordPress 6.x). Unchecked. */
			coreAi?: unknown;
			/** The server's templates for the sentences about a pasted key (Key_Texts::export()), checked where read. */
			keyTexts?: Record< string, unknown >;
		};
	}
}

export const DEFAULT_DASHBOARD_LINKS: DashboardLinks = {
	apiKeys: 'https://platform.openai.com/api-keys',
	billing:
		'https://platform.openai.com/settings/organization/billing/overview',
	limits: 'https://platform.openai.com/settings/organization/limits',
	projects: 'https://platform.openai.com/settings/organization/projects',
};

/** Returns the OpenAI dashboard links, keeping a default wherever the page gave no https URL. */
export function getDashboardLinks(): DashboardLinks {
	const given = window.keyGuardSettings?.dashboardLinks ?? {};
	const spelled: Partial< DashboardLinks > = {
		...given,
		apiKeys: given.apiKeys ?? given.api_keys,
	};
	const links = { ...DEFAULT_DASHBOARD_LINKS };
	for ( const name of Object.keys( links ) as Array<
		keyof DashboardLinks
	> ) {
		const url = spelled[ name ];
		if ( typeof url === 'string' && url.startsWith( 'https://' ) ) {
			links[ name ] = url;
		}
	}
	return links;
}

/**
 * Whether the site sends its key to OpenAI's own API rather than to a compatible service set by
 * OPENAI_BASE_URL. Without the fact it assumes OpenAI's: the stricter feedback, which the server
 * overrules anyway.
 */
export function isOpenaiOwnBaseUrl(): boolean {
	return window.keyGuardSettings?.openaiOwnBaseUrl !== false;
}

/**
 * An http(s) URL from the page, resolved against the page's address; null for anything else.
 *
 * @param value What the page printed.
 */
function pageUrl( value: unknown ): string | null {
	if ( typeof value !== 'string' || value === '' ) {
		return null;
	}
	try {
		const url = new URL( value, window.location.href );
		return url.protocol === 'https:' || url.protocol === 'http:'
			? url.href
			: null;
	} catch {
		return null;
	}
}

/**
 * Whether WordPress core's AI features (WordPress 7.x) can use the key, as the page printed it:
 * null on WordPress without them, or when the page printed nothing usable. Each link is kept only
 * where it belongs to the state (Activate when inactive, Install when absent) and is an http(s) URL.
 */
export function getCoreAi(): CoreAi | null {
	const given: unknown = window.keyGuardSettings?.coreAi;
	if ( typeof given !== 'object' || given === null ) {
		return null;
	}
	const fields = given as Record< string, unknown >;
	const state = CORE_AI_STATES.find( ( known ) => known === fields.state );
	if ( ! state ) {
		return null;
	}
	return {
		state,
		activateUrl:
			state === 'inactive' ? pageUrl( fields.activateUrl ) : null,
		installUrl: state === 'absent' ? pageUrl( fields.installUrl ) : null,
		connectorsUrl: pageUrl( fields.connectorsUrl ),
	};
}
