"use client";

export function ThemeToggle() {
  function toggle() {
    const dark = document.documentElement.classList.toggle("dark");
    try {
      localStorage.setItem("qd-theme", dark ? "dark" : "light");
    } catch {
      /* private mode: the choice just is not remembered */
    }
  }
  return (
    <button
      onClick={toggle}
      className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      aria-label="Toggle dark mode"
      title="Toggle dark mode"
    >
      <svg width="18" height="18" viewBox="0 0 20 20" fill="currentColor" aria-hidden>
        <path d="M10 2a8 8 0 1 0 8 8 6 6 0 0 1-8-8z" />
      </svg>
    </button>
  );
}
