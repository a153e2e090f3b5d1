/**
 * Settings the PHP side prints into the page, with defaults so the screen works without them.
 */

export interface DashboardLinks {
	apiKeys: string;
	billing: string;
	limits: string;
	projects: string;
}

declare global {
	interface Window {
		keyGuardSettings?: {
			/** PHP may spell apiKeys as api_keys (php/Advice.php LINKS); both are read. */
			dashboardLinks?: Partial< DashboardLinks > & { api_keys?: string };
			/** Whether OPENAI_BASE_URL is unset, i.e. the key goes to OpenAI's own API (Endpoint::is_openai_own()). */
			openaiOwnBaseUrl?: boolean;
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
