import { csvList } from '../config';
import { GroupKeyFieldSchema } from '../incident';
import { z } from 'zod';

/**
 * Setting schema for a `*_GROUP_KEY_FIELDS` list (`rule,resource`): which incident fields decide
 * that two alerts belong to the same investigation. Unknown field names fail at startup.
 */
const groupKeyFieldsSetting = csvList.pipe(z.array(GroupKeyFieldSchema).min(1, 'name at least one field'));

/** Describes the allowed field names, for setting descriptions. */
const GROUP_KEY_FIELDS_HELP = `Comma-separated, from: ${GroupKeyFieldSchema.options.join(', ')}.`;

export { groupKeyFieldsSetting, GROUP_KEY_FIELDS_HELP };
