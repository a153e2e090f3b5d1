<?php
/**
 * Removes the plugin's own data on uninstall, on every site of every network (Lifecycle\Uninstall).
 *
 * The key itself lives in core's option connectors_ai_openai_api_key, which WordPress's AI client and
 * other plugins read, so it stays in plaintext (deactivation already wrote it back, or uninstall does
 * when it can), unless it can no longer be read (held back on a copy, or undecryptable): that
 * ciphertext is removed. Remove the key on Settings → OpenAI key before uninstalling if wanted.
 *
 * The plugin is not loaded here: only the few classes that decide about the key row are built, and
 * no hook is added.
 *
 * @package Key_Guard
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/php/autoload.php';

( static function () {
	$lock         = new Key_Guard\Storage\Option_Lock();
	$audit        = new Key_Guard\Audit\Audit_Log( $lock );
	$row          = new Key_Guard\Storage\Encrypted_Option( Key_Guard\Key\Key_Resolver::OPTION );
	$slots        = new Key_Guard\Key\Environment_Slots( $lock );
	$environments = new Key_Guard\Key\Environment_Keys( $audit, $slots );
	$hold         = new Key_Guard\Key\Copy_Hold( new Key_Guard\Key\Key_Metadata( $lock ), new Key_Guard\Key\Key_Facts(), $row, $environments, $audit );
	( new Key_Guard\Lifecycle\Uninstall( $row, $slots, $hold ) )->run();
} )();
