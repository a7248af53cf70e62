/**
 * The colour theme: the `theme` setting (`system`, `light` or `dark`), with `system` following
 * `prefers-color-scheme`. The effective theme is written to `<html data-theme>`, which every
 * stylesheet (and the highlight rules) keys on.
 */
import { useEffect, useState } from 'react';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export function themeSetting(value: unknown): ThemeSetting {
  return value === 'light' || value === 'dark' ? value : 'system';
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies the theme to the page; returns the effective theme. */
export function useTheme(setting: ThemeSetting): Theme {
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const onChange = () => setSystem(query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const effective = setting === 'system' ? system : setting;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return effective;
}
