import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes, so Temporal's own CLI and Web UI can list, say, the overdue
// districts of one province. The dev server registers them at start (`--search-attribute`);
// on a self-hosted cluster the worker registers them at start, on Temporal Cloud they are added
// to the namespace once (docs/operations.md).

/** Directive code slug, e.g. 01-CT-TW. */
export const DirectiveKey = defineSearchAttributeKey('CascadeDirective', SearchAttributeType.KEYWORD);
/** Organisation level of the committee the workflow runs for. */
export const LevelKey = defineSearchAttributeKey('CascadeLevel', SearchAttributeType.KEYWORD);
/** Aggregate status of the committee (pending, doneOnTime, overdue, ...). */
export const StatusKey = defineSearchAttributeKey('CascadeStatus', SearchAttributeType.KEYWORD);
/** Unit id of the committee's parent. */
export const ParentKey = defineSearchAttributeKey('CascadeParent', SearchAttributeType.KEYWORD);
/** Unit id of the committee itself. */
export const UnitKey = defineSearchAttributeKey('CascadeUnit', SearchAttributeType.KEYWORD);
/** The committee's own deadline. */
export const DeadlineKey = defineSearchAttributeKey('CascadeDeadline', SearchAttributeType.DATETIME);

/** Name → server type, as `temporal server start-dev --search-attribute Name=Type` expects. */
export const SEARCH_ATTRIBUTE_TYPES: Readonly<Record<string, 'Keyword' | 'Datetime'>> = {
  [DirectiveKey.name]: 'Keyword',
  [LevelKey.name]: 'Keyword',
  [StatusKey.name]: 'Keyword',
  [ParentKey.name]: 'Keyword',
  [UnitKey.name]: 'Keyword',
  [DeadlineKey.name]: 'Datetime',
};
