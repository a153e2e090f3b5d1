/**
 * A local OpenAI API simulator for tests: answers like the real API, picking the scenario from
 * the bearer key (see keys.ts), and records every request so tests can assert what was sent.
 */
import {
	createServer,
	type IncomingMessage,
	type OutgoingHttpHeaders,
	type ServerResponse,
} from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
	chatCompletion,
	isObject,
	modelObject,
	promptText,
	randomHex,
	requestedEffort,
	responseObject,
} from './bodies';
import {
	embeddingList,
	invalidDimensionsFor,
	invalidEmbeddingParameters,
} from './embeddings';
import { scenarioFromToken, type ScenarioName } from './keys';
import { PromptCache } from './prompt-cache';
import {
	answerFor,
	canSee,
	DEFAULT_MODEL,
	DEFAULT_RATE_LIMIT,
	incorrectKey,
	INVALID_JSON,
	invalidInteger,
	invalidUrl,
	isEmbeddingModel,
	isRetiredModel,
	MISMATCHED_ORGANIZATION,
	missingParameter,
	MODELS,
	NO_KEY,
	NOT_CHAT_MODEL,
	NOT_EMBEDDING_MODEL,
	retiredModel,
	SIMULATOR_ORGANIZATION,
	STREAM_OPTIONS_WITHOUT_STREAM,
	unknownModel,
	unsupportedEffort,
	type Answer,
	type Effort,
	type RateLimit,
	type ScenarioContext,
} from './scenarios';
import {
	chatFrames,
	responseFrames,
	streamOptions,
	type Frames,
} from './streams';

export interface SimulatorOptions {
	/** Port to listen on; 0 (the default) picks a free one. */
	port?: number;
	/** Interface to bind; defaults to 127.0.0.1. */
	host?: string;
	/** How long the `slow` scenario waits before answering, in ms; defaults to 20000. */
	slowMs?: number;
}

export interface RecordedRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	/** Header names in lower case; repeated headers joined with ", ". */
	headers: Record< string, string >;
	/** The parsed JSON body; the raw text when it is not JSON; null when empty. */
	body: unknown;
	/** The scenario the key picked; null when no key was sent. */
	scenario: ScenarioName | null;
	/** Status answered; null while pending or when the connection was dropped. */
	status: number | null;
}

export interface Simulator {
	/** Base URL to give a client, e.g. `http://127.0.0.1:PORT/v1`. */
	url: string;
	port: number;
	/** Requests received so far (live array, oldest first). */
	requests: RecordedRequest[];
	/** Forgets recorded requests, per-key counts and cached prompts. */
	reset: () => void;
	close: () => Promise< void >;
}

/** The endpoints that take a POST body naming a model. */
type Generation = 'responses' | 'chat' | 'embeddings';

type Route =
	| { endpoint: 'models'; model: string | null }
	| { endpoint: Generation; model: null };

const MIN_OUTPUT_TOKENS = 16;

/**
 * Formats milliseconds the way Go's time.Duration prints them (`12ms`, `1s`, `1.5s`, `6m0s`).
 *
 * @param ms Milliseconds.
 */
export function goDuration( ms: number ): string {
	if ( ms <= 0 ) {
		return '0s';
	}
	if ( ms < 1000 ) {
		return `${ Math.round( ms ) }ms`;
	}
	const hours = Math.floor( ms / 3600000 );
	const minutes = Math.floor( ( ms % 3600000 ) / 60000 );
	const seconds = `${ Number( ( ( ms % 60000 ) / 1000 ).toFixed( 3 ) ) }s`;
	if ( hours ) {
		return `${ hours }h${ minutes }m${ seconds }`;
	}
	return minutes ? `${ minutes }m${ seconds }` : seconds;
}

function route( method: string, path: string ): Route | null {
	if ( method === 'GET' && path === '/v1/models' ) {
		return { endpoint: 'models', model: null };
	}
	const retrieve = /^\/v1\/models\/([^/]+)$/.exec( path );
	if ( method === 'GET' && retrieve ) {
		return {
			endpoint: 'models',
			model: decodeURIComponent( retrieve[ 1 ] ),
		};
	}
	if ( method === 'POST' && path === '/v1/responses' ) {
		return { endpoint: 'responses', model: null };
	}
	if ( method === 'POST' && path === '/v1/chat/completions' ) {
		return { endpoint: 'chat', model: null };
	}
	if ( method === 'POST' && path === '/v1/embeddings' ) {
		return { endpoint: 'embeddings', model: null };
	}
	return null;
}

function flattenHeaders( request: IncomingMessage ): Record< string, string > {
	const headers: Record< string, string > = {};
	for ( const [ name, value ] of Object.entries( request.headers ) ) {
		if ( value !== undefined ) {
			headers[ name ] = Array.isArray( value )
				? value.join( ', ' )
				: value;
		}
	}
	return headers;
}

function readBody( request: IncomingMessage ): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		const chunks: Buffer[] = [];
		request.on( 'data', ( chunk: Buffer ) => chunks.push( chunk ) );
		request.on( 'end', () =>
			resolve( Buffer.concat( chunks ).toString( 'utf8' ) )
		);
		request.on( 'error', reject );
	} );
}

/**
 * Parses JSON, reporting failure instead of throwing.
 *
 * @param text Text to parse.
 */
function parseJson(
	text: string
): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse( text ) };
	} catch {
		return { ok: false };
	}
}

/**
 * Tells what to record as a request's body: parsed JSON, else the raw text, or null when empty.
 *
 * @param rawBody    The body as received.
 * @param parsedBody The body parsed, if it parsed.
 */
function recordedBody(
	rawBody: string,
	parsedBody: ReturnType< typeof parseJson >
): unknown {
	if ( rawBody === '' ) {
		return null;
	}
	return parsedBody.ok ? parsedBody.value : rawBody;
}

function rateLimitHeaders( limits: RateLimit ): OutgoingHttpHeaders {
	return {
		'x-ratelimit-limit-requests': String( limits.limitRequests ),
		'x-ratelimit-limit-tokens': String( limits.limitTokens ),
		'x-ratelimit-remaining-requests': String( limits.remainingRequests ),
		'x-ratelimit-remaining-tokens': String( limits.remainingTokens ),
		'x-ratelimit-reset-requests': goDuration( limits.resetRequestsMs ),
		'x-ratelimit-reset-tokens': goDuration( limits.resetTokensMs ),
	};
}

function projectFor( token: string, header: string | undefined ): string {
	if ( header ) {
		return header;
	}
	const digest = createHash( 'sha256' ).update( token ).digest( 'base64' );
	return 'proj_' + digest.replace( /[^A-Za-z0-9]/g, '' ).slice( 0, 24 );
}

/**
 * The refusal a body's parameters earn before its model is looked at, or null.
 *
 * @param endpoint The endpoint asked.
 * @param body     The parsed body.
 */
function invalidParameters(
	endpoint: Generation,
	body: Record< string, unknown >
): Answer | null {
	if ( endpoint === 'embeddings' ) {
		return invalidEmbeddingParameters( body );
	}
	if ( endpoint === 'responses' ) {
		return invalidInteger(
			'max_output_tokens',
			body.max_output_tokens,
			MIN_OUTPUT_TOKENS
		);
	}
	if ( ! Array.isArray( body.messages ) ) {
		return missingParameter( 'messages' );
	}
	return body.stream_options !== undefined && body.stream !== true
		? STREAM_OPTIONS_WITHOUT_STREAM
		: null;
}

/**
 * The refusal a model earns on an endpoint, or null: shut down, not visible to the key, or of the
 * wrong kind (an embedding model generates no text, a text model makes no embeddings).
 *
 * @param endpoint The endpoint asked.
 * @param model    The model named.
 * @param scenario The scenario the key picked (which models it can see).
 */
function refusedModel(
	endpoint: Generation,
	model: string,
	scenario: ScenarioName
): Answer | null {
	if ( isRetiredModel( model ) ) {
		return retiredModel( model );
	}
	if ( ! canSee( scenario, model ) ) {
		return unknownModel( endpoint, model );
	}
	const embedding = isEmbeddingModel( model );
	if ( endpoint === 'embeddings' ) {
		return embedding ? null : NOT_EMBEDDING_MODEL;
	}
	if ( ! embedding ) {
		return null;
	}
	return endpoint === 'chat'
		? NOT_CHAT_MODEL
		: unknownModel( endpoint, model );
}

/**
 * The refusal of a parameter the model does not take, or null: a reasoning effort it does not
 * know, embeddings longer than its own.
 *
 * @param endpoint The endpoint asked.
 * @param body     The parsed body.
 * @param model    The model (served, visible, of the right kind).
 */
function refusedForModel(
	endpoint: Generation,
	body: Record< string, unknown >,
	model: string
): Answer | null {
	if ( endpoint === 'embeddings' ) {
		return invalidDimensionsFor( body, model );
	}
	const effort = requestedEffort( body );
	if (
		endpoint === 'responses' &&
		effort !== undefined &&
		! ( MODELS[ model ].efforts ?? [] ).includes( effort as Effort )
	) {
		return unsupportedEffort( model, String( effort ) );
	}
	return null;
}

/**
 * Validates a POST body like the API does; returns the failure answer or the parsed body.
 *
 * @param endpoint The endpoint asked.
 * @param rawBody  The body as received.
 * @param scenario The scenario the key picked (which models it can see).
 */
function validateBody(
	endpoint: Generation,
	rawBody: string,
	scenario: ScenarioName
): { error: Answer } | { body: Record< string, unknown >; model: string } {
	const parsed = parseJson( rawBody );
	if ( ! parsed.ok ) {
		return { error: INVALID_JSON };
	}
	const body = isObject( parsed.value ) ? parsed.value : {};
	if ( typeof body.model !== 'string' || body.model === '' ) {
		return { error: missingParameter( 'model' ) };
	}
	const error =
		invalidParameters( endpoint, body ) ??
		refusedModel( endpoint, body.model, scenario ) ??
		refusedForModel( endpoint, body, body.model );
	return error ? { error } : { body, model: body.model };
}

/**
 * Starts the simulator; resolves once it listens.
 *
 * @param options Port, host and the `slow` scenario's delay.
 */
export async function startSimulator(
	options: SimulatorOptions = {}
): Promise< Simulator > {
	const host = options.host ?? '127.0.0.1';
	const slowMs = options.slowMs ?? 20000;
	const requests: RecordedRequest[] = [];
	const attempts = new Map< string, number >();
	const cache = new PromptCache();
	const waiting = new Map< NodeJS.Timeout, () => void >();

	/**
	 * Waits `ms` unless the client hangs up or the simulator closes first; true if it waited.
	 *
	 * @param ms       Milliseconds to wait.
	 * @param response The answer that must still be wanted.
	 */
	function wait( ms: number, response: ServerResponse ): Promise< boolean > {
		return new Promise( ( resolve ) => {
			const timer = setTimeout( () => {
				waiting.delete( timer );
				resolve( true );
			}, ms );
			const stop = () => {
				clearTimeout( timer );
				waiting.delete( timer );
				resolve( false );
			};
			waiting.set( timer, stop );
			response.on( 'close', stop );
		} );
	}

	function reset(): void {
		requests.length = 0;
		attempts.clear();
		cache.clear();
	}

	async function handle(
		request: IncomingMessage,
		response: ServerResponse
	): Promise< void > {
		const method = request.method ?? 'GET';
		const path = new URL( request.url ?? '/', 'http://simulator' ).pathname;
		if ( path.startsWith( '/__simulator/' ) ) {
			control( method, path, response );
			return;
		}

		const started = Date.now();
		const rawBody = await readBody( request );
		const headers = flattenHeaders( request );
		const parsedBody = parseJson( rawBody );
		const record: RecordedRequest = {
			method,
			path,
			headers,
			body: recordedBody( rawBody, parsedBody ),
			scenario: null,
			status: null,
		};
		requests.push( record );

		function head(
			status: number,
			extra: OutgoingHttpHeaders,
			api: boolean
		): void {
			record.status = status;
			response.writeHead( status, {
				'content-type': 'application/json',
				'x-request-id': `req_${ randomHex( 16 ) }`,
				...( api
					? {
							'openai-version': '2020-10-01',
							'openai-processing-ms': String(
								Date.now() - started
							),
						}
					: {} ),
				...extra,
			} );
		}

		function send(
			status: number,
			body: string,
			extra: OutgoingHttpHeaders = {},
			api = true
		): void {
			head( status, extra, api );
			response.end( body );
		}

		/**
		 * Sends a 200 stream frame by frame, letting each leave before the next, until the end
		 * or until the client hangs up.
		 *
		 * @param frames The server-sent events.
		 * @param extra  Headers besides the API's own.
		 */
		async function sendFrames(
			frames: Frames,
			extra: OutgoingHttpHeaders
		): Promise< void > {
			head(
				200,
				{
					...extra,
					'content-type': 'text/event-stream; charset=utf-8',
				},
				true
			);
			for ( const frame of frames ) {
				if ( response.destroyed ) {
					return;
				}
				response.write( frame );
				await new Promise( ( resolve ) => setImmediate( resolve ) );
			}
			response.end();
		}

		function sendAnswer( answer: Answer, attempt: number ): void {
			if ( answer.kind === 'html' ) {
				send(
					answer.status,
					answer.body,
					{ 'content-type': 'text/html', server: 'cloudflare' },
					false
				);
				return;
			}
			if ( answer.kind !== 'error' ) {
				throw new Error( `sendAnswer cannot send "${ answer.kind }".` );
			}
			const extra: OutgoingHttpHeaders = {};
			if ( answer.status === 429 ) {
				Object.assign(
					extra,
					rateLimitHeaders( {
						...DEFAULT_RATE_LIMIT,
						remainingRequests: Math.max(
							0,
							DEFAULT_RATE_LIMIT.limitRequests - attempt
						),
						...answer.rateLimit,
					} )
				);
			}
			if ( answer.retryAfter !== undefined ) {
				extra[ 'retry-after' ] = String( answer.retryAfter );
			}
			send(
				answer.status,
				JSON.stringify( { error: answer.error } ),
				extra
			);
		}

		const found = route( method, path );
		if ( ! found ) {
			sendAnswer( invalidUrl( method, path ), 0 );
			return;
		}

		const authorization = headers.authorization ?? '';
		const bearer = /^Bearer\s+(.*)$/i.exec( authorization );
		const token = bearer ? bearer[ 1 ].trim() : '';
		if ( token === '' ) {
			sendAnswer( NO_KEY, 0 );
			return;
		}

		const attempt = ( attempts.get( token ) ?? 0 ) + 1;
		attempts.set( token, attempt );
		const scenario = scenarioFromToken( token );
		record.scenario = scenario;
		if ( scenario === null ) {
			sendAnswer( incorrectKey( token ), attempt );
			return;
		}

		const bodyModel =
			parsedBody.ok &&
			isObject( parsedBody.value ) &&
			typeof parsedBody.value.model === 'string'
				? parsedBody.value.model
				: null;
		const context: ScenarioContext = {
			method,
			path,
			model: found.model ?? bodyModel ?? DEFAULT_MODEL,
			token,
			organization: headers[ 'openai-organization' ] ?? null,
			project: projectFor( token, headers[ 'openai-project' ] ),
			attempt,
		};

		const answer = answerFor( scenario, found.endpoint, context );
		if ( answer.kind === 'drop' ) {
			request.socket.destroy();
			return;
		}
		if ( answer.kind === 'slow' && ! ( await wait( slowMs, response ) ) ) {
			return;
		}
		if ( answer.kind === 'html' || answer.kind === 'error' ) {
			sendAnswer( answer, attempt );
			return;
		}

		if (
			context.organization !== null &&
			context.organization !== SIMULATOR_ORGANIZATION
		) {
			sendAnswer( MISMATCHED_ORGANIZATION, attempt );
			return;
		}

		const success = succeed( found, rawBody, scenario, context.project );
		if ( 'error' in success ) {
			sendAnswer( success.error, attempt );
			return;
		}
		const extra = {
			'openai-organization': SIMULATOR_ORGANIZATION,
			'openai-project': context.project,
			...rateLimitHeaders( {
				...DEFAULT_RATE_LIMIT,
				remainingRequests: Math.max(
					0,
					DEFAULT_RATE_LIMIT.limitRequests - attempt
				),
				remainingTokens:
					DEFAULT_RATE_LIMIT.limitTokens - success.tokens,
			} ),
		};
		if ( 'frames' in success ) {
			await sendFrames( success.frames, extra );
			return;
		}
		send( 200, JSON.stringify( success.body ), extra );
	}

	/**
	 * Builds the success body of an endpoint, or the validation error the API would give.
	 *
	 * @param found    The route asked.
	 * @param rawBody  The body as received.
	 * @param scenario The scenario the key picked (which models it can see).
	 * @param project  The key's project (whose prompts the cache keeps apart).
	 */
	function succeed(
		found: Route,
		rawBody: string,
		scenario: ScenarioName,
		project: string
	):
		| { error: Answer }
		| { body: unknown; tokens: number }
		| { frames: Frames; tokens: number } {
		if ( found.endpoint === 'models' ) {
			if ( found.model === null ) {
				return {
					body: {
						object: 'list',
						data: Object.keys( MODELS )
							.filter( ( id ) => canSee( scenario, id ) )
							.map( modelObject ),
					},
					tokens: 0,
				};
			}
			if ( isRetiredModel( found.model ) ) {
				return { error: retiredModel( found.model ) };
			}
			if ( ! canSee( scenario, found.model ) ) {
				return { error: unknownModel( 'models', found.model ) };
			}
			return { body: modelObject( found.model ), tokens: 0 };
		}
		const valid = validateBody( found.endpoint, rawBody, scenario );
		if ( 'error' in valid ) {
			return valid;
		}
		const { body, model } = valid;
		if ( found.endpoint === 'embeddings' ) {
			const list = embeddingList( body, model );
			return { body: list, tokens: list.usage.total_tokens };
		}
		const cached = cache.use(
			`${ project }/${ model }`,
			body.prompt_cache_key,
			promptText( found.endpoint, body )
		);
		const stream = body.stream === true ? streamOptions( body ) : null;
		if ( found.endpoint === 'responses' ) {
			const answer = responseObject( body, model, cached );
			const tokens = answer.usage.total_tokens;
			return stream
				? { frames: responseFrames( answer, stream ), tokens }
				: { body: answer, tokens };
		}
		const answer = chatCompletion( body, model, cached );
		const tokens = answer.usage.total_tokens;
		return stream
			? { frames: chatFrames( answer, stream ), tokens }
			: { body: answer, tokens };
	}

	function control(
		method: string,
		path: string,
		response: ServerResponse
	): void {
		if ( method === 'GET' && path === '/__simulator/requests' ) {
			response.writeHead( 200, { 'content-type': 'application/json' } );
			response.end( JSON.stringify( requests ) );
			return;
		}
		if ( method === 'POST' && path === '/__simulator/reset' ) {
			reset();
			response.writeHead( 204 );
			response.end();
			return;
		}
		response.writeHead( 404, { 'content-type': 'application/json' } );
		response.end(
			JSON.stringify( {
				error: `Unknown simulator control route ${ method } ${ path }.`,
			} )
		);
	}

	const server = createServer( ( request, response ) => {
		handle( request, response ).catch( ( error: unknown ) => {
			// A simulator bug: say so plainly rather than imitate the API.
			if ( ! response.headersSent ) {
				response.writeHead( 500, { 'content-type': 'text/plain' } );
			}
			response.end( `Simulator failure: ${ String( error ) }` );
		} );
	} );

	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( options.port ?? 0, host, () => {
			server.off( 'error', reject );
			resolve();
		} );
	} );

	const port = ( server.address() as AddressInfo ).port;
	const urlHost = host.includes( ':' ) ? `[${ host }]` : host;

	return {
		url: `http://${ urlHost }:${ port }/v1`,
		port,
		requests,
		reset,
		close: () =>
			new Promise< void >( ( resolve, reject ) => {
				for ( const stop of [ ...waiting.values() ] ) {
					stop();
				}
				server.close( ( error ) =>
					error ? reject( error ) : resolve()
				);
				server.closeAllConnections();
			} ),
	};
}
