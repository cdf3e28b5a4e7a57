import { Injectable, computed, signal } from '@angular/core';

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  voltage: string;
  current: string;
  power: string;
  energy: string;
  cost: string;
  /** For overlaying several devices. */
  series: readonly string[];
}

// Chosen for at least 3:1 contrast against the card background in each scheme.
const LIGHT: ChartColors = {
  text: '#1f2937',
  muted: '#4b5563',
  grid: 'rgba(15, 23, 42, 0.08)',
  surface: '#ffffff',
  voltage: '#4f46e5',
  current: '#0f766e',
  power: '#c2410c',
  energy: '#2563eb',
  cost: '#7c3aed',
  series: ['#c2410c', '#2563eb', '#0f766e', '#7c3aed', '#b91c1c', '#a16207', '#be185d', '#15803d'],
};
const DARK: ChartColors = {
  text: '#e5e7eb',
  muted: '#9ca3af',
  grid: 'rgba(226, 232, 240, 0.09)',
  surface: '#161b26',
  voltage: '#a5b4fc',
  current: '#5eead4',
  power: '#fdba74',
  energy: '#93c5fd',
  cost: '#c4b5fd',
  series: ['#fdba74', '#93c5fd', '#5eead4', '#c4b5fd', '#fca5a5', '#fde047', '#f9a8d4', '#86efac'],
};

/** Chart colours follow the system's light or dark setting, like the CSS does. */
@Injectable({ providedIn: 'root' })
export class ChartTheme {
  readonly dark = signal(false);
  readonly colors = computed(() => (this.dark() ? DARK : LIGHT));

  constructor() {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    this.dark.set(query.matches);
    query.addEventListener?.('change', (e) => this.dark.set(e.matches));
  }
}

/** A translucent version of a #rrggbb colour, for fills and bands. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
