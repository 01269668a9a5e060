/** The filters of the dashboard's lists as page query parameters: the API's own field schemas, with a blank form field meaning "not filtered". */
import { z } from 'zod';
import { DirectiveListQuerySchema, UnitFilterQuerySchema } from '../request/schemas';

/** A form sends its empty fields ("Tất cả" / "All", an empty search box) as `name=`: that filters nothing. */
function blankIsAbsent<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema);
}

/** `/dashboard?q=&status=`. */
export const DirectivesPageFilters = {
  q: blankIsAbsent(DirectiveListQuerySchema.shape.q),
  status: blankIsAbsent(DirectiveListQuerySchema.shape.status),
};

/** `/dashboard/:directiveId?unit=&q=&status=&level=&asOf=` (the subtree is the page's `unit`; `asOf` the date control's instant). */
export const CommitteePageFilters = {
  q: blankIsAbsent(UnitFilterQuerySchema.shape.q),
  status: blankIsAbsent(UnitFilterQuerySchema.shape.status),
  level: blankIsAbsent(UnitFilterQuerySchema.shape.level),
  asOf: blankIsAbsent(UnitFilterQuerySchema.shape.asOf),
};
