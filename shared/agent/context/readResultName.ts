/**
 * Name of the tool that pages through stored tool results. Its own module so the summary, the
 * pruning notes, the tool and the registry agree without importing each other.
 */
const READ_RESULT_TOOL = 'read_result';

export { READ_RESULT_TOOL };
