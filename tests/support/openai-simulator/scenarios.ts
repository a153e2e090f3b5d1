/**
 * The scenario table: for each simulator key scenario, how each endpoint answers.
 *
 * Bodies, statuses and message texts follow the real API (see the failure contract in the project
 * notes); the server adds the headers every answer carries.
 */
import type { DiagnosisCode } from '../../../src/shared/types';
import type { ScenarioName } from './keys';

export type Endpoint = 'models' | 'responses' | 'chat' | 'embeddings';

export interface ScenarioContext {
	/** HTTP method as received. */
	method: string;
	/** Request path without the query string, e.g. `/v1/models/gpt-4o-mini`. */
	path: string;
	/** Model named by the path or the body (or the default model when neither names one). */
	model: string;
	/** The bearer token as sent. */
	token: string;
	/** The `OpenAI-Organization` header, if any. */
	organization: string | null;
	/** The project the key belongs to (the `OpenAI-Project` header, or one derived from the key). */
	project: string;
	/** How many requests this key has made, this one included (1 for the first). */
	attempt: number;
}

export interface ErrorObject {
	message: string;
	type: string;
	param: string | null;
	code: string | null;
}

/** Values of the `x-ratelimit-*` headers; durations in milliseconds. */
export interface RateLimit {
	limitRequests: number;
	remainingRequests: number;
	resetRequestsMs: number;
	limitTokens: number;
	remainingTokens: number;
	resetTokensMs: number;
}

export type Answer =
	/** The endpoint's normal success answer (after body and model validation). */
	| { kind: 'ok' }
	/** Waits the simulator's `slowMs`, then answers as `ok`. */
	| { kind: 'slow' }
	/** Destroys the socket without writing anything. */
	| { kind: 'drop' }
	/** A non-API body, as a proxy or the CDN edge sends. */
	| { kind: 'html'; status: number; body: string }
	/** An API error; `error` is normally an object, but a plain string is seen in the wild. */
	| {
			kind: 'error';
			status: number;
			error: ErrorObject | string;
			retryAfter?: number;
			rateLimit?: Partial< RateLimit >;
	  };

type Rule = Answer | ( ( context: ScenarioContext ) => Answer );

export interface Scenario {
	/** One line for the README and test names. */
	summary: string;
	/**
	 * What the plugin's connection test makes of this key with the default model and `slowMs`
	 * (Connection_Tester_Test.php checks it). A scenario is named after its diagnosis unless
	 * several upstream answers lead to the same one (each then named after the answer it plays,
	 * mostly OpenAI's own error code) or it exists for something else than a failure.
	 */
	diagnosis: DiagnosisCode;
	/** The served models this key can see; all of them when left out. */
	visible?: readonly string[];
	/** `GET /v1/models` and `GET /v1/models/{id}`. */
	models: Rule;
	/** `POST /v1/responses`. */
	responses: Rule;
	/** `POST /v1/chat/completions`; answers like `responses` when left out. */
	chat?: Rule;
	/**
	 * `POST /v1/embeddings`; answers like `chat` when left out (both need the "Model capabilities:
	 * Request" permission, `model.request`, and both say 404 for a model they cannot find).
	 */
	embeddings?: Rule;
}

export const DEFAULT_MODEL = 'gpt-4o-mini';
export const SIMULATOR_ORGANIZATION = 'org-simulator';

export type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

export interface ModelInfo {
	/** The `created` time `GET /v1/models` reports. */
	created: number;
	/** The `reasoning.effort` values the model accepts; left out for models that do not reason. */
	efforts?: readonly Effort[];
	/** Announced shutdown, listed as `shutdown_date` (Unix seconds) while the model is still served. */
	shutdownDate?: number;
	/** An embedding model's vector length (the most `dimensions` may ask); left out for the others. */
	dimensions?: number;
}

/**
 * Unix seconds of a day's start in UTC.
 *
 * @param date `YYYY-MM-DD`.
 */
function utc( date: string ): number {
	return Date.parse( `${ date }T00:00:00Z` ) / 1000;
}

const GPT5_EFFORTS: readonly Effort[] = [ 'minimal', 'low', 'medium', 'high' ];
const O_SERIES_EFFORTS: readonly Effort[] = [ 'low', 'medium', 'high' ];
const GPT6_EFFORTS: readonly Effort[] = [ 'none', 'low', 'medium', 'high' ];

/**
 * The models OpenAI serves (as of 2026-11, see the project's openai-models.md), in the order
 * `GET /v1/models` lists them. Reasoning models spend part of `max_output_tokens` on reasoning;
 * embedding models answer only `POST /v1/embeddings`, the others never.
 */
export const MODELS: Readonly< Record< string, ModelInfo > > = {
	'gpt-4o-mini': { created: 1721172741, shutdownDate: utc( '2027-01-14' ) },
	'gpt-4o': { created: 1715367049, shutdownDate: utc( '2027-01-14' ) },
	'gpt-4.1': { created: 1744316542, shutdownDate: utc( '2027-01-14' ) },
	'gpt-4.1-mini': { created: 1744318173, shutdownDate: utc( '2027-01-14' ) },
	'gpt-5': {
		created: 1754425777,
		efforts: GPT5_EFFORTS,
		shutdownDate: utc( '2026-12-11' ),
	},
	'gpt-5-mini': {
		created: 1754425928,
		efforts: GPT5_EFFORTS,
		shutdownDate: utc( '2026-12-11' ),
	},
	'gpt-5-nano': {
		created: 1754426384,
		efforts: GPT5_EFFORTS,
		shutdownDate: utc( '2026-12-11' ),
	},
	o3: {
		created: 1744916400,
		efforts: O_SERIES_EFFORTS,
		shutdownDate: utc( '2026-12-11' ),
	},
	'gpt-5.4-mini': { created: 1772582400, efforts: GPT5_EFFORTS },
	'gpt-5.4-nano': { created: 1772582460, efforts: GPT5_EFFORTS },
	'gpt-5.6-luna': { created: 1780000000, efforts: GPT5_EFFORTS },
	'gpt-6-luna': { created: 1789000000, efforts: GPT6_EFFORTS },
	'text-embedding-3-small': { created: 1705948997, dimensions: 1536 },
	'text-embedding-3-large': { created: 1705953180, dimensions: 3072 },
};

/** Models OpenAI has shut down: every key gets 404 `model_not_found` for them, on every endpoint. */
export const RETIRED_MODELS: readonly string[] = [
	'gpt-3.5-turbo',
	'gpt-4',
	'gpt-4.1-nano',
	'o4-mini',
];

export function isKnownModel( model: string ): boolean {
	return Object.prototype.hasOwnProperty.call( MODELS, model );
}

export function isRetiredModel( model: string ): boolean {
	return RETIRED_MODELS.includes( model );
}

/**
 * Tells whether a model spends output tokens on reasoning before it writes text.
 *
 * @param model Model ID.
 */
export function isReasoningModel( model: string ): boolean {
	return MODELS[ model ]?.efforts !== undefined;
}

/**
 * Tells whether a model makes embeddings (and nothing else).
 *
 * @param model Model ID.
 */
export function isEmbeddingModel( model: string ): boolean {
	return MODELS[ model ]?.dimensions !== undefined;
}

/**
 * Tells whether a scenario's key can see a served model.
 *
 * @param scenario The scenario the key picked.
 * @param model    Model ID.
 */
export function canSee( scenario: ScenarioName, model: string ): boolean {
	const visible = SCENARIO_TABLE[ scenario ].visible;
	return isKnownModel( model ) && ( ! visible || visible.includes( model ) );
}

const KEYS_PAGE = 'https://platform.openai.com/account/api-keys';
const HELP_CENTER = 'help.openai.com';

/** Rate limits reported on successes. */
export const DEFAULT_RATE_LIMIT: RateLimit = {
	limitRequests: 5000,
	remainingRequests: 4999,
	resetRequestsMs: 12,
	limitTokens: 4000000,
	remainingTokens: 3999980,
	resetTokensMs: 0,
};

const OK: Answer = { kind: 'ok' };

function apiError(
	status: number,
	message: string,
	type: string,
	code: string | null,
	param: string | null = null
): Answer {
	return { kind: 'error', status, error: { message, type, param, code } };
}

/**
 * Echoes a key the way the API does: a few leading characters, stars, the last four.
 *
 * @param token The bearer token as sent.
 */
export function maskKey( token: string ): string {
	if ( token.length <= 8 ) {
		return '*'.repeat( token.length );
	}
	const head = token.length >= 16 ? 8 : 3;
	return (
		token.slice( 0, head ) +
		'*'.repeat( token.length - head - 4 ) +
		token.slice( -4 )
	);
}

function missingScopeMessage( scope: string ): string {
	return `You have insufficient permissions for this operation. Missing scopes: ${ scope }. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`;
}

function rateLimited(
	context: ScenarioContext,
	seconds: number,
	limit: number
): Answer {
	return {
		kind: 'error',
		status: 429,
		error: {
			message: `Rate limit reached for ${ context.model } in organization ${ SIMULATOR_ORGANIZATION } on requests per min (RPM): Limit ${ limit }, Used ${ limit }, Requested 1. Please try again in ${ seconds }s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
			type: 'requests',
			param: null,
			code: 'rate_limit_exceeded',
		},
		retryAfter: seconds,
		rateLimit: {
			limitRequests: limit,
			remainingRequests: 0,
			resetRequestsMs: seconds * 1000,
			limitTokens: 40000,
			remainingTokens: 39980,
			resetTokensMs: 360000,
		},
	};
}

function cloudflarePage( title: string ): string {
	return `<html>\r\n<head><title>${ title }</title></head>\r\n<body>\r\n<center><h1>${ title }</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

/* Answers that do not depend on the scenario. */

export const NO_KEY = apiError(
	401,
	`You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from ${ KEYS_PAGE }.`,
	'invalid_request_error',
	null
);

export function incorrectKey( token: string ): Answer {
	return apiError(
		401,
		`Incorrect API key provided: ${ maskKey(
			token
		) }. You can find your API key at ${ KEYS_PAGE }.`,
		'invalid_request_error',
		'invalid_api_key'
	);
}

export function invalidUrl( method: string, path: string ): Answer {
	return apiError(
		404,
		`Invalid URL (${ method } ${ path })`,
		'invalid_request_error',
		null
	);
}

export const MISMATCHED_ORGANIZATION = apiError(
	401,
	'OpenAI-Organization header should match organization for API key.',
	'invalid_request_error',
	'mismatched_organization'
);

export const INVALID_JSON = apiError(
	400,
	`We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at ${ HELP_CENTER }.)`,
	'invalid_request_error',
	null
);

export function missingParameter( param: string ): Answer {
	return apiError(
		400,
		`Missing required parameter: '${ param }'.`,
		'invalid_request_error',
		'missing_required_parameter',
		param
	);
}

export function invalidType(
	param: string,
	expected: string,
	got: string
): Answer {
	return apiError(
		400,
		`Invalid type for '${ param }': expected ${ expected }, but got ${ got } instead.`,
		'invalid_request_error',
		'invalid_type',
		param
	);
}

export function integerBelowMinimum(
	param: string,
	minimum: number,
	got: number
): Answer {
	return apiError(
		400,
		`Invalid '${ param }': integer below minimum value. Expected a value >= ${ minimum }, but got ${ got } instead.`,
		'invalid_request_error',
		'integer_below_min_value',
		param
	);
}

/**
 * Refuses an optional integer parameter that is not a whole number of at least `minimum`; null
 * when it is absent or fine.
 *
 * @param param   The parameter's name.
 * @param value   The value sent, if any.
 * @param minimum The least value taken.
 */
export function invalidInteger(
	param: string,
	value: unknown,
	minimum: number
): Answer | null {
	if ( value === undefined ) {
		return null;
	}
	if ( typeof value !== 'number' || ! Number.isInteger( value ) ) {
		return invalidType(
			param,
			'an integer',
			typeof value === 'number' ? 'a decimal' : typeof value
		);
	}
	return value < minimum
		? integerBelowMinimum( param, minimum, value )
		: null;
}

/**
 * Answers an unknown model: `GET models/{id}` and chat say 404, the Responses API 400 with `param`.
 *
 * @param endpoint The endpoint asked.
 * @param model    The model named.
 */
export function unknownModel( endpoint: Endpoint, model: string ): Answer {
	if ( endpoint === 'responses' ) {
		return apiError(
			400,
			`The requested model '${ model }' does not exist.`,
			'invalid_request_error',
			'model_not_found',
			'model'
		);
	}
	return apiError(
		404,
		`The model \`${ model }\` does not exist or you do not have access to it.`,
		'invalid_request_error',
		'model_not_found'
	);
}

/**
 * Answers a model OpenAI has shut down: 404 on every endpoint, with the API's wording.
 *
 * @param model The model named.
 */
export function retiredModel( model: string ): Answer {
	return apiError(
		404,
		`The model \`${ model }\` does not exist or you do not have access to it.`,
		'invalid_request_error',
		'model_not_found'
	);
}

/**
 * Answers a `reasoning.effort` the model does not take: a model that does not reason refuses the
 * parameter, a reasoning model names the values it accepts.
 *
 * @param model  The model named.
 * @param effort The effort sent.
 */
export function unsupportedEffort( model: string, effort: string ): Answer {
	const efforts = MODELS[ model ]?.efforts;
	if ( ! efforts ) {
		return apiError(
			400,
			"Unsupported parameter: 'reasoning.effort' is not supported with this model.",
			'invalid_request_error',
			'unsupported_parameter',
			'reasoning.effort'
		);
	}
	const quoted = efforts.map( ( value ) => `'${ value }'` );
	const list = `${ quoted.slice( 0, -1 ).join( ', ' ) }, and ${ quoted.slice( -1 )[ 0 ] }`;
	return apiError(
		400,
		`Unsupported value: 'reasoning.effort' does not support '${ effort }' with this model. Supported values are: ${ list }.`,
		'invalid_request_error',
		'unsupported_value',
		'reasoning.effort'
	);
}

/** Answers an embedding model on chat completions: 404, `param: "model"`, code null. */
export const NOT_CHAT_MODEL = apiError(
	404,
	'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?',
	'invalid_request_error',
	null,
	'model'
);

/** Answers a model that makes no embeddings on the embeddings endpoint: 403, code null. */
export const NOT_EMBEDDING_MODEL = apiError(
	403,
	'You are not allowed to generate embeddings from this model',
	'invalid_request_error',
	null
);

/** Answers an embeddings `input` that is empty, holds an empty string or is of another type. */
export const INVALID_EMBEDDING_INPUT = apiError(
	400,
	"'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
	'invalid_request_error',
	null
);

/**
 * Answers an `encoding_format` other than float or base64.
 *
 * @param value The value sent.
 */
export function invalidEncodingFormat( value: string ): Answer {
	return apiError(
		400,
		`Invalid value for 'encoding_format' = ${ value }. Supported values: ['float', 'base64'].`,
		'invalid_request_error',
		null
	);
}

export function integerAboveMaximum(
	param: string,
	maximum: number,
	got: number
): Answer {
	return apiError(
		400,
		`Invalid '${ param }': integer above maximum value. Expected a value <= ${ maximum }, but got ${ got } instead.`,
		'invalid_request_error',
		'integer_above_max_value',
		param
	);
}

/** Answers `stream_options` on a chat completion that does not stream. */
export const STREAM_OPTIONS_WITHOUT_STREAM = apiError(
	400,
	"The 'stream_options' parameter is only allowed when 'stream' is enabled.",
	'invalid_request_error',
	null,
	'stream_options'
);

/* Answers shared by several endpoints. */

const ACCOUNT_DEACTIVATED = apiError(
	401,
	`This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at ${ HELP_CENTER }.`,
	'invalid_request_error',
	'account_deactivated'
);

const NO_ORGANIZATION = apiError(
	401,
	`You must be a member of an organization to use the API. Please contact us through our help center at ${ HELP_CENTER }.`,
	'invalid_request_error',
	'no_organization'
);

function noSuchOrganization( context: ScenarioContext ): Answer {
	return apiError(
		401,
		`No such organization: ${
			context.organization ?? 'org-1a2b3c4d5e6f7a8b9c0d1e2f'
		}.`,
		'invalid_request_error',
		'invalid_organization'
	);
}

const IP_NOT_AUTHORIZED = apiError(
	401,
	'IP not authorized',
	'invalid_request_error',
	null
);

const REGION_BLOCKED = apiError(
	403,
	'Country, region, or territory not supported',
	'request_forbidden',
	'unsupported_country_region_territory'
);

const SLOW_DOWN = apiError(
	429,
	'A sudden increase in your request rate is impacting service reliability. Please reduce your request rate to its original level, maintain a consistent rate for at least 15 minutes, and then gradually increase it.',
	'rate_limit_error',
	'slow_down'
);

const SERVER_ERROR = apiError(
	500,
	'The server had an error while processing your request. Sorry about that!',
	'server_error',
	null
);

const OVERLOADED = apiError(
	503,
	'The engine is currently overloaded, please try again later.',
	'service_unavailable_error',
	'server_is_overloaded'
);

const BAD_GATEWAY: Answer = {
	kind: 'html',
	status: 502,
	body: cloudflarePage( '502 Bad Gateway' ),
};

const GATEWAY_TIMEOUT: Answer = {
	kind: 'html',
	status: 504,
	body: cloudflarePage( '504 Gateway Time-out' ),
};

const PROXY_LOGIN_PAGE: Answer = {
	kind: 'html',
	status: 200,
	body: '<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head><body><h1>Network login required</h1></body></html>\n',
};

/* The table. */

export const SCENARIO_TABLE: Record< ScenarioName, Scenario > = {
	ok: {
		summary: 'everything works',
		diagnosis: 'connected',
		models: OK,
		responses: OK,
	},
	invalid_key: {
		summary: 'wrong, revoked or truncated key',
		diagnosis: 'invalid_key',
		models: ( context ) => incorrectKey( context.token ),
		responses: ( context ) => incorrectKey( context.token ),
	},
	account_deactivated: {
		summary: 'the account behind the key is deactivated',
		diagnosis: 'account_deactivated',
		models: ACCOUNT_DEACTIVATED,
		responses: ACCOUNT_DEACTIVATED,
	},
	no_organization: {
		summary: 'the user belongs to no organization',
		diagnosis: 'wrong_organization',
		models: NO_ORGANIZATION,
		responses: NO_ORGANIZATION,
	},
	mismatched_organization: {
		summary: 'the OpenAI-Organization header does not match the key',
		diagnosis: 'wrong_organization',
		models: MISMATCHED_ORGANIZATION,
		responses: MISMATCHED_ORGANIZATION,
	},
	invalid_organization: {
		summary: 'the organization does not exist',
		diagnosis: 'wrong_organization',
		models: noSuchOrganization,
		responses: noSuchOrganization,
	},
	ip_not_allowed: {
		summary: "the server's IP is not on the allowlist",
		diagnosis: 'ip_not_allowed',
		models: IP_NOT_AUTHORIZED,
		responses: IP_NOT_AUTHORIZED,
	},
	missing_scope_models: {
		summary:
			'restricted key without "Models: Read"; `error` is a plain string',
		diagnosis: 'connected',
		models: {
			kind: 'error',
			status: 401,
			error: missingScopeMessage( 'api.model.read' ),
		},
		responses: OK,
	},
	missing_scope_responses: {
		summary: 'restricted key without "Responses: Write"',
		diagnosis: 'missing_scope',
		models: OK,
		responses: apiError(
			401,
			missingScopeMessage( 'api.responses.write' ),
			'invalid_request_error',
			null
		),
		chat: apiError(
			401,
			missingScopeMessage( 'model.request' ),
			'invalid_request_error',
			null
		),
	},
	missing_scope_403: {
		summary:
			'restricted key without "Model capabilities: Request", as a 403',
		diagnosis: 'missing_scope',
		models: OK,
		responses: apiError(
			403,
			missingScopeMessage( 'model.request' ),
			'invalid_request_error',
			'missing_scope'
		),
	},
	insufficient_quota: {
		summary: 'no credit left or budget reached; must not be retried',
		diagnosis: 'insufficient_quota',
		models: OK,
		responses: apiError(
			429,
			'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
			'insufficient_quota',
			'insufficient_quota'
		),
	},
	billing_not_active: {
		summary: 'billing is not set up',
		diagnosis: 'billing_not_active',
		models: OK,
		responses: apiError(
			429,
			'Your account is not active, please check your billing details on our website.',
			'billing_not_active',
			'billing_not_active'
		),
	},
	rate_limited: {
		summary: 'every call is rate limited, retry-after: 20',
		diagnosis: 'rate_limited',
		models: ( context ) => rateLimited( context, 20, 3 ),
		responses: ( context ) => rateLimited( context, 20, 3 ),
	},
	rate_limited_once: {
		summary:
			"the key's first request is rate limited (retry-after: 1), later ones pass",
		diagnosis: 'connected',
		models: ( context ) =>
			context.attempt === 1 ? rateLimited( context, 1, 3 ) : OK,
		responses: ( context ) =>
			context.attempt === 1 ? rateLimited( context, 1, 3 ) : OK,
	},
	slow_down: {
		summary: 'traffic grew too fast; no retry-after',
		diagnosis: 'rate_limited',
		models: SLOW_DOWN,
		responses: SLOW_DOWN,
	},
	model_not_found: {
		summary: 'the model is unknown or not visible to the key',
		diagnosis: 'model_not_found',
		models: ( context ) => unknownModel( 'models', context.model ),
		responses: ( context ) => unknownModel( 'responses', context.model ),
		chat: ( context ) => unknownModel( 'chat', context.model ),
	},
	model_not_allowed: {
		summary: "the project's model access settings block the model",
		diagnosis: 'model_not_allowed',
		models: OK,
		responses: ( context ) =>
			apiError(
				403,
				`Project \`${ context.project }\` does not have access to model \`${ context.model }\``,
				'invalid_request_error',
				'model_not_found'
			),
	},
	legacy_models: {
		summary:
			'an older project that sees only models being retired (gpt-4o-mini, gpt-4o, gpt-4.1-mini)',
		diagnosis: 'connected',
		visible: [ 'gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini' ],
		models: OK,
		responses: OK,
	},
	region_blocked: {
		summary: "the server's country or region is not supported",
		diagnosis: 'region_blocked',
		models: REGION_BLOCKED,
		responses: REGION_BLOCKED,
	},
	invalid_url: {
		summary: 'the base URL points at a wrong path',
		diagnosis: 'bad_response',
		models: ( context ) => invalidUrl( context.method, context.path ),
		responses: ( context ) => invalidUrl( context.method, context.path ),
	},
	server_error: {
		summary: 'internal server error',
		diagnosis: 'server_error',
		models: SERVER_ERROR,
		responses: SERVER_ERROR,
	},
	overloaded: {
		summary: 'the service is overloaded',
		diagnosis: 'server_error',
		models: OVERLOADED,
		responses: OVERLOADED,
	},
	bad_gateway_html: {
		summary: 'the edge answers an HTML 502 page',
		diagnosis: 'server_error',
		models: BAD_GATEWAY,
		responses: BAD_GATEWAY,
	},
	gateway_timeout_html: {
		summary: 'the edge answers an HTML 504 page',
		diagnosis: 'server_error',
		models: GATEWAY_TIMEOUT,
		responses: GATEWAY_TIMEOUT,
	},
	non_json: {
		summary: 'a proxy answers 200 with an HTML page',
		diagnosis: 'bad_response',
		models: PROXY_LOGIN_PAGE,
		responses: PROXY_LOGIN_PAGE,
	},
	slow: {
		summary:
			'answers only after slowMs (20 s by default), longer than any client timeout',
		diagnosis: 'timeout',
		models: { kind: 'slow' },
		responses: { kind: 'slow' },
	},
	connection_failed: {
		summary: 'closes the connection without answering',
		diagnosis: 'connection_failed',
		models: { kind: 'drop' },
		responses: { kind: 'drop' },
	},
};

function resolve( rule: Rule, context: ScenarioContext ): Answer {
	return typeof rule === 'function' ? rule( context ) : rule;
}

/**
 * Tells how `scenario` answers a request to `endpoint`.
 *
 * @param scenario The scenario the key picked.
 * @param endpoint The endpoint asked.
 * @param context  The request.
 */
export function answerFor(
	scenario: ScenarioName,
	endpoint: Endpoint,
	context: ScenarioContext
): Answer {
	const entry = SCENARIO_TABLE[ scenario ];
	if ( endpoint === 'models' ) {
		return resolve( entry.models, context );
	}
	if ( endpoint === 'embeddings' && entry.embeddings ) {
		return resolve( entry.embeddings, context );
	}
	if ( ( endpoint === 'chat' || endpoint === 'embeddings' ) && entry.chat ) {
		return resolve( entry.chat, context );
	}
	return resolve( entry.responses, context );
}
