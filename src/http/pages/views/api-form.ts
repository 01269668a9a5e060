/**
 * The markup of a workplace form: an ordinary form whose data- attributes tell workplace.js which
 * API route it calls, whether to ask first, and where the answer goes. Each field has a place for
 * the API's message about it (`data-error-for`, the field's path as the API names it).
 */
import { html, type Html } from '../html';

/** What a form calls and how. */
export interface ApiFormSpec {
  id?: string;
  /** The API route (already encoded). */
  url: string;
  method?: 'POST' | 'PATCH' | 'DELETE';
  title?: string;
  fields: Html;
  submit: string;
  /** Asked before sending, with these two buttons: for what cannot be undone. */
  confirm?: { text: string; yes: string; no: string };
  /** Shown after success. */
  done?: string;
  /** After success: `reload`, or a path (`{id}` is the directive id the answer names). */
  then?: string;
  /** The body is the text of this field when it is not empty (a spec as YAML/JSON). */
  textField?: string;
  /** The body is this file input's file, sent as it is. */
  fileField?: string;
  /** The answer is HTML put into the element with this id (a preview). */
  htmlInto?: string;
  /** The body is what the form with this id last previewed. */
  replayOf?: string;
  className?: string;
}

/** A form the page script sends to the API. */
export function apiForm(f: ApiFormSpec): Html {
  const confirm = f.confirm
    ? html`<div class="confirm-panel" role="alertdialog" hidden><p>${f.confirm.text}</p><div class="actions"><button type="button" class="button danger" data-confirm-yes>${f.confirm.yes}</button><button type="button" class="button ghost" data-confirm-no>${f.confirm.no}</button></div></div>`
    : '';
  return html`<form class="api-form${f.className ? ` ${f.className}` : ''}"${f.id ? html` id="${f.id}"` : ''} data-url="${f.url}" data-method="${f.method ?? 'POST'}"${f.done ? html` data-done="${f.done}"` : ''}${f.then ? html` data-then="${f.then}"` : ''}${f.textField ? html` data-text="${f.textField}"` : ''}${f.fileField ? html` data-file="${f.fileField}"` : ''}${f.htmlInto ? html` data-html="${f.htmlInto}"` : ''}${f.replayOf ? html` data-replay="${f.replayOf}"` : ''} novalidate>
${f.title ? html`<h3>${f.title}</h3>` : ''}${f.fields}
<p class="form-status" role="status" hidden></p>
${confirm}<div class="actions"><button type="submit" class="button">${f.submit}</button></div>
</form>`;
}

/** One labelled field with its error place. */
export function field(o: {
  name: string;
  label: string;
  type?: 'text' | 'date' | 'number' | 'email' | 'textarea' | 'file';
  hint?: string;
  value?: string;
  required?: boolean;
  /** A comma-separated list sent as an array. */
  list?: boolean;
  /** Sent in the URL's query, not the body. */
  query?: boolean;
  id?: string;
  accept?: string;
  /** The file's text is read into the field with this id. */
  readInto?: string;
}): Html {
  const id = o.id ?? `f-${o.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const common = html` id="${id}" name="${o.name}"${o.required ? html` required aria-required="true"` : ''}${o.list ? html` data-list` : ''}${o.query ? html` data-query` : ''}${o.hint ? html` aria-describedby="${id}-hint"` : ''}`;
  const input =
    o.type === 'textarea'
      ? html`<textarea${common} rows="8" spellcheck="false">${o.value ?? ''}</textarea>`
      : o.type === 'file'
        ? html`<input type="file"${common}${o.accept ? html` accept="${o.accept}"` : ''}${o.readInto ? html` data-read-into="${o.readInto}"` : ''}>`
        : html`<input type="${o.type ?? 'text'}"${common}${o.value ? html` value="${o.value}"` : ''}${o.type === 'number' ? html` min="0" inputmode="numeric"` : ''}>`;
  return html`<div class="field"><label for="${id}">${o.label}</label>${input}${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}<p class="field-error" data-error-for="${o.name}" hidden></p></div>`;
}

/** A set of radio buttons (one choice). */
export function choice(o: { name: string; label: string; options: ReadonlyArray<{ value: string; label: string }>; value: string; query?: boolean }): Html {
  return html`<fieldset class="field"><legend>${o.label}</legend>${o.options.map(
    (opt) =>
      html`<label class="inline"><input type="radio" name="${o.name}" value="${opt.value}"${opt.value === o.value ? html` checked` : ''}${o.query ? html` data-query` : ''}> ${opt.label}</label>`,
  )}<p class="field-error" data-error-for="${o.name}" hidden></p></fieldset>`;
}
