export const fieldClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export function RoleSelect({ name, defaultValue = "viewer" }: { name: string; defaultValue?: string }) {
  return (
    <select name={name} defaultValue={defaultValue} className={fieldClass}>
      <option value="viewer">viewer (reads only)</option>
      <option value="operator">operator (actions)</option>
      <option value="admin">admin (users, tokens)</option>
    </select>
  );
}
