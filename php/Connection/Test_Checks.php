<?php
/**
 * The three checks of one connection test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * The key format, the model and the test request, each with a label, a status (pass, fail, warn,
 * skip) and what it showed, in the order the screen lists them.
 *
 * @since 0.5.0
 */
final class Test_Checks {

	/**
	 * Checks by id, in order.
	 *
	 * @var array<string, array{id: string, label: string, status: string, detail: string}>
	 */
	private $checks = array();

	/**
	 * Starts the three checks as not run.
	 *
	 * @param string $model_label The model check's label.
	 */
	public function __construct( $model_label ) {
		$labels = array(
			'key'     => __( 'Key format', 'key-guard-for-openai' ),
			'model'   => $model_label,
			'request' => __( 'A 16-token test request is accepted', 'key-guard-for-openai' ),
		);
		foreach ( $labels as $id => $label ) {
			$this->checks[ $id ] = array(
				'id'     => $id,
				'label'  => $label,
				'status' => 'skip',
				'detail' => __( 'Not run.', 'key-guard-for-openai' ),
			);
		}
	}

	/**
	 * Sets a check's status and what it showed.
	 *
	 * @since 0.5.0
	 *
	 * @param string $id     Check id.
	 * @param string $status pass, fail, warn or skip.
	 * @param string $detail What it showed.
	 * @return void
	 */
	public function set( $id, $status, $detail ) {
		$this->checks[ $id ]['status'] = $status;
		$this->checks[ $id ]['detail'] = $detail;
	}

	/**
	 * Changes a check's status, keeping its detail.
	 *
	 * @since 0.4.0
	 *
	 * @param string $id     Check id.
	 * @param string $status pass, warn, fail or skip.
	 * @return void
	 */
	public function mark( $id, $status ) {
		$this->checks[ $id ]['status'] = $status;
	}

	/**
	 * Renames a check.
	 *
	 * @since 0.5.0
	 *
	 * @param string $id    Check id.
	 * @param string $label The new label.
	 * @return void
	 */
	public function relabel( $id, $label ) {
		$this->checks[ $id ]['label'] = $label;
	}

	/**
	 * A check's status.
	 *
	 * @since 0.5.0
	 *
	 * @param string $id Check id.
	 * @return string
	 */
	public function status( $id ) {
		return $this->checks[ $id ]['status'];
	}

	/**
	 * Shows a warning on the check that proved the model: the model check when it passed, else the
	 * request check when it passed.
	 *
	 * @since 0.5.0
	 *
	 * @param string $message The warning.
	 * @return void
	 */
	public function warn( $message ) {
		foreach ( array( 'model', 'request' ) as $id ) {
			if ( 'pass' === $this->checks[ $id ]['status'] ) {
				$this->set( $id, 'warn', $message );
				return;
			}
		}
	}

	/**
	 * The checks, in order.
	 *
	 * @since 0.5.0
	 *
	 * @return array<int, array{id: string, label: string, status: string, detail: string}>
	 */
	public function all() {
		return array_values( $this->checks );
	}
}
