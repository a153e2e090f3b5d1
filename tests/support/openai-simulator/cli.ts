/**
 * Runs the OpenAI simulator until SIGINT/SIGTERM, or prints its keys and exits.
 *
 * Usage: npx tsx tests/support/openai-simulator/cli.ts --port 9999 [--host 127.0.0.1]
 *        [--slow-ms 20000]
 *        npx tsx tests/support/openai-simulator/cli.ts --print-keys
 *        (scenario, key and diagnosis, tab-separated, one line per scenario)
 */
import { parseArgs } from 'node:util';
import { SCENARIOS, simKey } from './keys';
import { SCENARIO_TABLE } from './scenarios';
import { startSimulator } from './server';

async function main(): Promise< void > {
	const { values } = parseArgs( {
		options: {
			port: { type: 'string', default: '0' },
			host: { type: 'string', default: '127.0.0.1' },
			'slow-ms': { type: 'string' },
			'print-keys': { type: 'boolean', default: false },
		},
	} );

	if ( values[ 'print-keys' ] ) {
		// One line per scenario: its name, its key and the diagnosis the plugin's connection test
		// gives it (the name, unless several scenarios share one); then done. A reader that stops
		// early (| head) is no error.
		process.stdout.on( 'error', () => process.exit( 0 ) );
		process.stdout.write(
			SCENARIOS.map(
				( scenario ) =>
					`${ scenario }\t${ simKey( scenario ) }\t${ SCENARIO_TABLE[ scenario ].diagnosis }\n`
			).join( '' )
		);
		return;
	}

	const port = Number( values.port );
	if ( ! Number.isInteger( port ) || port < 0 || port > 65535 ) {
		throw new Error(
			`--port must be an integer from 0 to 65535, got "${ values.port }".`
		);
	}
	const slowMs =
		values[ 'slow-ms' ] === undefined
			? undefined
			: Number( values[ 'slow-ms' ] );

	const simulator = await startSimulator( {
		port,
		host: values.host,
		slowMs,
	} );
	process.stdout.write(
		`OpenAI simulator listening on ${ simulator.url }\n`
	);

	const stop = () => {
		simulator.close().then(
			() => process.exit( 0 ),
			() => process.exit( 1 )
		);
	};
	process.once( 'SIGINT', stop );
	process.once( 'SIGTERM', stop );
}

main().catch( ( error: unknown ) => {
	process.stderr.write(
		`${ error instanceof Error ? error.message : String( error ) }\n`
	);
	process.exit( 1 );
} );
