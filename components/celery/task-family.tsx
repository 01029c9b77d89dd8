import Link from "next/link";
import { FAMILY_LIMIT, type CeleryTaskNodeDto } from "@/lib/celery";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { TaskStateBadge } from "./task-state-badge";

/** A group of thousands is not read node by node: past this many children a node says how many more. */
const CHILDREN_SHOWN = 50;

const countNodes = (n: CeleryTaskNodeDto): number => 1 + n.children.reduce((sum, c) => sum + countNodes(c), 0);

// Each child draws its own elbow: a vertical line from the top (down to its own row on the last
// child, past it on the others) and a horizontal one to its badge.
const CONNECTOR =
  "relative pl-5 before:absolute before:left-0 before:top-3.5 before:h-px before:w-4 before:bg-slate-300 dark:before:bg-slate-600 " +
  "after:absolute after:left-0 after:top-0 after:h-full after:w-px after:bg-slate-300 last:after:h-3.5 dark:after:bg-slate-600";

function Node({ sourceId, node, current, root = false }: { sourceId: string; node: CeleryTaskNodeDto; current: string; root?: boolean }) {
  const here = node.id === current;
  const shown = node.children.slice(0, CHILDREN_SHOWN);
  return (
    <li className={root ? "" : CONNECTOR} data-testid="family-node" data-task-id={node.id}>
      <div
        className={`inline-flex max-w-full items-center gap-2 rounded-md px-2 py-1 ${here ? "bg-indigo-50 ring-1 ring-indigo-400 dark:bg-indigo-950/60 dark:ring-indigo-500" : ""}`}
        aria-current={here ? "true" : undefined}
      >
        <TaskStateBadge state={node.state} />
        {node.group ? (
          // A group sent by a client has no task of its own to open: its id is the group's.
          <span className="text-xs italic text-slate-600 dark:text-slate-300">group of {formatNumber(node.children.length)}</span>
        ) : here ? (
          <span className="truncate font-mono text-xs font-semibold">{node.name ?? "(unknown task)"}</span>
        ) : (
          <Link href={pages.celeryTask(sourceId, node.id)} className="truncate font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
            {node.name ?? "(unknown task)"}
          </Link>
        )}
        <span className="font-mono text-[11px] text-slate-500" title={node.id}>
          {node.id.slice(0, 8)}
        </span>
        {here && <span className="text-[11px] font-medium text-indigo-700 dark:text-indigo-300">this task</span>}
      </div>
      {shown.length > 0 && (
        <ul className="ml-3">
          {shown.map((c) => (
            <Node key={c.id} sourceId={sourceId} node={c} current={current} />
          ))}
          {node.children.length > shown.length && (
            <li className={`${CONNECTOR} py-1 text-xs text-slate-500`}>and {formatNumber(node.children.length - shown.length)} more</li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The family from its root (chains, groups, chords): each relative linked, this task highlighted. */
export function TaskFamily({ sourceId, family, current, truncated }: { sourceId: string; family: CeleryTaskNodeDto | null; current: string; truncated: boolean }) {
  if (!family || (family.id === current && family.children.length === 0)) {
    return <p className="text-sm text-slate-500">No parent and no children: this task runs on its own.</p>;
  }
  return (
    <div className="space-y-1 overflow-x-auto">
      <p className="text-xs text-slate-500">
        {formatNumber(countNodes(family))} tasks from the root
        {truncated && ` · the family is larger than the ${formatNumber(FAMILY_LIMIT)} drawn here`}
      </p>
      <ul data-testid="task-family">
        <Node sourceId={sourceId} node={family} current={current} root />
      </ul>
    </div>
  );
}
