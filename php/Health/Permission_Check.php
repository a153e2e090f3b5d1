<?php
/**
 * Site Health: whether the key lacks a permission the site's plugins use.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

use Key_Guard\Key\Key_Status;
use Key_Guard\Setup\Key_Evidence;

/**
 * The test key_guard_permissions, from the evidence of the last 30 days (no request sent): recommended when
 * OpenAI refused the key in use for a missing permission, naming it; good otherwise, naming the
 * permissions a restricted key needs for what the site uses.
 *
 * @since 0.5.0
 *
 * @phpstan-import-type Result from Health_Result
 */
final class Permission_Check {

	/**
	 * What the traffic says the key needs.
	 *
	 * @var Key_Evidence
	 */
	private $evidence;

	/**
	 * The key's facts.
	 *
	 * @var Key_Status
	 */
	private $status;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Evidence $evidence What the traffic says the key needs.
	 * @param Key_Status   $status   The key's facts.
	 */
	public function __construct( Key_Evidence $evidence, Key_Status $status ) {
		$this->evidence = $evidence;
		$this->status   = $status;
	}

	/**
	 * The test.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function permissions() {
		$saved    = $this->status->describe()['saved_at'];
		$evidence = $this->evidence->describe( null === $saved ? null : substr( (string) $saved, 0, 10 ) );
		$used     = array();
		foreach ( $evidence['permissions'] as $permission ) {
			/* translators: 1: a permission of a restricted OpenAI key, 2: Read, Write or both. */
			$used[] = sprintf( __( '%1$s: %2$s', 'key-guard-for-openai' ), $permission['label'], implode( wp_get_list_item_separator(), $permission['access'] ) );
		}
		$needs = $used
			/* translators: 1: a number of days, 2: a list of permissions. */
			? sprintf( __( 'In the last %1$d days the site\'s plugins used: %2$s. A restricted key needs these permissions and no others.', 'key-guard-for-openai' ), $evidence['days'], implode( '; ', $used ) )
			/* translators: %d: a number of days. */
			: sprintf( __( 'The site\'s plugins sent no request to OpenAI in the last %d days, so nothing tells yet which permissions a restricted key needs.', 'key-guard-for-openai' ), $evidence['days'] );
		if ( ! $evidence['missing'] ) {
			return Health_Result::make( 'key_guard_permissions', 'good', __( 'The OpenAI key has the permissions the site uses', 'key-guard-for-openai' ), $needs, $used ? 'key' : '' );
		}
		return Health_Result::make(
			'key_guard_permissions',
			'recommended',
			__( 'The OpenAI key lacks a permission the site uses', 'key-guard-for-openai' ),
			/* translators: 1: a list of permissions, 2: what the site used. */
			sprintf( __( 'OpenAI refused requests because the key lacks: %1$s. Enable it on the key (API keys, Edit the key\'s permissions) or create a key that has it. %2$s', 'key-guard-for-openai' ), implode( '; ', array_column( $evidence['missing'], 'label' ) ), $needs ),
			'key'
		);
	}
}
