<?php
/**
 * Constants WordPress defines at runtime that the stubs do not declare, for PHPStan only.
 *
 * @package Key_Guard
 */

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- WordPress's own constants.
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
define( 'ARRAY_A', 'ARRAY_A' );
