import type { JSX } from 'preact';

/**
 * The prompt of a playground form: a label and a required textarea across the form's width. `id` is
 * also the data-testid; the texts come translated.
 */
export function PromptField(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onInput: (value: string) => void;
  onKeyDown?: (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => void;
}) {
  return (
    <div class="pg-field pg-wide">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        data-testid={props.id}
        class="pg-prompt"
        required
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
        onKeyDown={props.onKeyDown}
      />
    </div>
  );
}

/**
 * A labelled choice of a playground form among `options` (strings or numbers), each shown as itself
 * or as `text` makes it. `id` is also the data-testid.
 */
export function SelectField<T extends string | number>(props: {
  id: string;
  label: string;
  value: T;
  options: readonly T[];
  text?: (option: T) => string;
  disabled?: boolean;
  onChange: (option: T) => void;
}) {
  return (
    <div class="pg-field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        data-testid={props.id}
        value={String(props.value)}
        disabled={props.disabled}
        onChange={(e) => {
          const chosen = (e.target as HTMLSelectElement).value;
          const option = props.options.find((item) => String(item) === chosen);
          if (option !== undefined) props.onChange(option);
        }}
      >
        {props.options.map((option) => (
          <option key={option} value={String(option)}>
            {props.text ? props.text(option) : option}
          </option>
        ))}
      </select>
    </div>
  );
}
