/** Said where action buttons would be, for viewers and in read-only mode. */
export function ActionsHidden({ why }: { why?: string }) {
  return (
    <p className="text-xs text-slate-500" data-testid="actions-disabled">
      Actions hidden: {why}.
    </p>
  );
}
