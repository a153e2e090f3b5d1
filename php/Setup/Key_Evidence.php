<?php
/**
 * What the site's OpenAI traffic says the key needs.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Setup;

use Key_Guard\Key\Key_Resolver;
use Key_Guard\Usage\Request_Log;

/**
 * The evidence for a least-privilege key: which permissions of a restricted key (and which models)
 * the site's plugins used in the last 30 days, and which permissions OpenAI said the key lacks
 * (a missing-scope refusal seen in traffic). The request log keeps 7 days: once a day, before it
 * is pruned, what it saw is rolled up into one option, kept 30 days. Reads never write; the roll-up
 * and a missing-scope refusal do.
 *
 * @since 0.5.0
 *
 * @phpstan-type Seen array{uses: array<string, string>, models: array<string, string>, missing: array<string, string>}
 */
final class Key_Evidence {

	/** The rolled-up evidence: uses (permission|access), models and missing scopes, each => last day seen (Y-m-d, UTC). */
	const OPTION = 'key_guard_key_evidence';

	/** How far back the evidence goes, in days. */
	const DAYS = 30;

	/**
	 * The request log.
	 *
	 * @var Request_Log
	 */
	private $log;

	/**
	 * The platform's permissions.
	 *
	 * @var Platform
	 */
	private $platform;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Request_Log $log      The request log.
	 * @param Platform    $platform The platform's permissions.
	 */
	public function __construct( Request_Log $log, Platform $platform ) {
		$this->log      = $log;
		$this->platform = $platform;
	}

	/**
	 * What the key needs, from the last 30 days: permissions (with the access each needs), models,
	 * endpoints no known permission covers, and permissions OpenAI said the key lacks.
	 *
	 * @since 0.5.0
	 *
	 * @param string|null $since Only missing scopes seen since this day (Y-m-d): the day the key in use was saved.
	 * @return array{days: int, permissions: array<int, array{id: string, label: string, access: string[], last_seen: string}>, models: string[], unknown: string[], missing: array<int, array{scope: string, label: string, last_seen: string}>}
	 */
	public function describe( $since = null ) {
		$seen        = $this->merged();
		$permissions = array();
		$unknown     = array();
		foreach ( $seen['uses'] as $use => $day ) {
			list( $id, $access ) = array_pad( explode( '|', $use, 2 ), 2, '' );
			if ( 0 === strpos( $id, '?' ) ) {
				$unknown[] = substr( $id, 1 );
				continue;
			}
			if ( ! isset( $permissions[ $id ] ) ) {
				$permissions[ $id ] = array(
					'id'        => $id,
					'label'     => Platform::label( $id ),
					'access'    => array(),
					'last_seen' => $day,
				);
			}
			$permissions[ $id ]['access'][]  = Platform::access_label( $access );
			$permissions[ $id ]['last_seen'] = max( $permissions[ $id ]['last_seen'], $day );
		}
		$order = array_flip( array_column( $this->platform->permissions(), 'id' ) );
		uksort(
			$permissions,
			static function ( $a, $b ) use ( $order ) {
				return ( $order[ $a ] ?? PHP_INT_MAX ) <=> ( $order[ $b ] ?? PHP_INT_MAX );
			}
		);
		$missing = array();
		foreach ( $seen['missing'] as $scope => $day ) {
			if ( null !== $since && $day < $since ) {
				continue; // Refused to an earlier key.
			}
			$missing[] = array(
				'scope'     => $scope,
				'label'     => $this->scope_label( $scope ),
				'last_seen' => $day,
			);
		}
		$models = array_keys( $seen['models'] );
		sort( $models );
		sort( $unknown );
		return array(
			'days'        => self::DAYS,
			'permissions' => array_values( $permissions ),
			'models'      => $models,
			'unknown'     => array_values( array_unique( $unknown ) ),
			'missing'     => $missing,
		);
	}

	/**
	 * Once a day, before the request log is pruned: keeps what it saw for 30 days.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function roll_up() {
		$seen = $this->merged();
		if ( $seen !== $this->stored() ) {
			update_option( self::OPTION, $seen, false );
		}
	}

	/**
	 * After an OpenAI answer: a refusal naming missing scopes (a restricted key without a permission
	 * the request needs) is kept as evidence.
	 *
	 * @since 0.5.0
	 *
	 * @param int    $status        The HTTP status.
	 * @param string $body          The answer's body.
	 * @param string $authorization The request's Authorization header: only a refusal of the key in
	 *                              use counts (not of a typed key being tried, nor another plugin's key).
	 * @return void
	 */
	public function answered( $status, $body, $authorization = '' ) {
		// OpenAI names the scopes after "Missing scopes:", dotted, separated by commas or spaces.
		if ( ! in_array( (int) $status, array( 401, 403 ), true ) || ! preg_match( '/Missing scopes?:\s*((?:[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?:,\s*|\s+and\s+|\s+)?){1,20})/i', (string) $body, $match ) ) {
			return;
		}
		$key = ( new Key_Resolver() )->resolve()['key'];
		if ( '' === $key || ! hash_equals( 'Bearer ' . $key, trim( (string) $authorization ) ) ) {
			return;
		}
		$seen  = $this->stored();
		$today = gmdate( 'Y-m-d' );
		preg_match_all( '/[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+/i', $match[1], $scopes );
		foreach ( $scopes[0] as $scope ) {
			$scope = strtolower( $scope );
			if ( strlen( $scope ) <= 80 ) {
				$seen['missing'][ $scope ] = $today;
			}
		}
		update_option( self::OPTION, $seen, false );
	}

	/**
	 * The stored evidence and the request log's, within the window.
	 *
	 * @return Seen
	 */
	private function merged() {
		$seen = $this->stored();
		foreach ( $this->log->used_since( gmdate( 'Y-m-d H:i:s', time() - self::DAYS * DAY_IN_SECONDS ) ) as $row ) {
			$day                  = substr( (string) $row['last'], 0, 10 );
			$permission           = $this->platform->permission_for( (string) $row['endpoint'] );
			$access               = 'GET' === strtoupper( (string) $row['method'] ) ? 'read' : 'write';
			$use                  = null === $permission ? '?' . strtok( (string) $row['endpoint'], '/' ) . '|' : $permission['id'] . '|' . ( null === $permission[ $access ] && null !== $permission['write'] ? 'write' : $access );
			$seen['uses'][ $use ] = max( $seen['uses'][ $use ] ?? '', $day );
			if ( '' !== (string) $row['model'] ) {
				$seen['models'][ (string) $row['model'] ] = max( $seen['models'][ (string) $row['model'] ] ?? '', $day );
			}
		}
		$oldest = gmdate( 'Y-m-d', time() - self::DAYS * DAY_IN_SECONDS );
		foreach ( $seen as $kind => $days ) {
			$seen[ $kind ] = array_filter(
				$days,
				static function ( $day ) use ( $oldest ) {
					return $day >= $oldest;
				}
			);
			ksort( $seen[ $kind ] );
		}
		return $seen;
	}

	/**
	 * The stored option, its fields checked.
	 *
	 * @return Seen
	 */
	private function stored() {
		$stored = get_option( self::OPTION, array() );
		$seen   = array();
		foreach ( array( 'uses', 'models', 'missing' ) as $kind ) {
			$days          = is_array( $stored ) && isset( $stored[ $kind ] ) && is_array( $stored[ $kind ] ) ? $stored[ $kind ] : array();
			$seen[ $kind ] = array_filter(
				$days,
				static function ( $day, $name ) {
					return is_string( $day ) && is_string( $name ) && preg_match( '/^\d{4}-\d{2}-\d{2}$/', $day );
				},
				ARRAY_FILTER_USE_BOTH
			);
		}
		return $seen;
	}

	/**
	 * A missing scope in words: the permission and access it belongs to, or OpenAI's name for it.
	 *
	 * @param string $scope The scope, e.g. api.responses.write.
	 * @return string
	 */
	private function scope_label( $scope ) {
		foreach ( $this->platform->permissions() as $permission ) {
			foreach ( array( 'read', 'write' ) as $access ) {
				if ( $permission[ $access ] === $scope ) {
					/* translators: 1: a permission of a restricted OpenAI key, 2: Read or Write. */
					return sprintf( __( '%1$s: %2$s', 'key-guard-for-openai' ), Platform::label( $permission['id'] ), Platform::access_label( $access ) );
				}
			}
		}
		/* translators: %s: OpenAI's name of a key permission, e.g. api.files.read. */
		return sprintf( __( 'the permission OpenAI calls %s', 'key-guard-for-openai' ), $scope );
	}
}
