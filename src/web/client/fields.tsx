// Form fields the views share.

/** A labelled day (YYYY-MM-DD) picker; an empty value is no date. */
export function DateField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="date"
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    </label>
  );
}
