/**
 * A fake key-guard/v1 REST API over apiFetch, for tests that render the whole screen.
 *
 * The test file mocks @wordpress/api-fetch (`vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) )`);
 * this module then answers through that mock.
 */
import apiFetch from '@wordpress/api-fetch';
import { vi } from 'vitest';

import type { ApiError } from '../../src/shared/types';

export type RequestOptions = {
	path: string;
	method?: string;
	data?: Record< string, unknown >;
};
type Handler = ( options: RequestOptions ) => unknown;

/** Handlers by method; TEST answers POST /test and AUDIT answers GET /audit. */
export type Routes = Partial<
	Record< 'GET' | 'POST' | 'DELETE' | 'TEST' | 'AUDIT', Handler >
>;

/**
 * Answers apiFetch like the REST API would; a handler may return a promise or throw an ApiError.
 * Without an AUDIT handler the list of key events is empty.
 *
 * @param routes Handlers by route.
 */
export function serve( routes: Routes ) {
	vi.mocked( apiFetch ).mockImplementation( ( async (
		options: RequestOptions
	) => {
		const method = options.method ?? 'GET';
		let route: string = method;
		if ( options.path === '/key-guard/v1/test' ) {
			route = 'TEST';
		} else if ( options.path === '/key-guard/v1/audit' ) {
			route = 'AUDIT';
		}
		const handler =
			routes[ route as keyof Routes ] ??
			( route === 'AUDIT' ? () => [] : undefined );
		if ( ! handler ) {
			throw {
				code: 'rest_no_route',
				message: `No route for ${ method } ${ options.path }`,
			};
		}
		return handler( options );
	} ) as unknown as typeof apiFetch );
}

/**
 * Throws what the server answers when it refuses a request.
 *
 * @param code    The error code.
 * @param message The sentence the server words.
 * @param data    Extra data, e.g. { status: 429, retry_after: 3 }.
 */
export function refuse(
	code: string,
	message: string,
	data: ApiError[ 'data' ] = { status: 400 }
): never {
	throw { code, message, data } satisfies ApiError;
}

/**
 * The requests made to one route with one method, in order.
 *
 * @param path   e.g. /key-guard/v1/key.
 * @param method e.g. POST.
 */
export function calls( path: string, method: string ): RequestOptions[] {
	return vi
		.mocked( apiFetch )
		.mock.calls.map( ( [ options ] ) => options as RequestOptions )
		.filter(
			( options ) =>
				options.path === path && ( options.method ?? 'GET' ) === method
		);
}
