/** 24×24 stroke icons (paths only) for the navigation; decorative, the labels carry the meaning. */
export const NAV_ICONS = {
  live: 'M3 12h4l3-8 4 16 3-8h4',
  history: 'M3 3v18h18 M7 15l4-4 3 3 5-6',
  energy: 'M13 2L4 14h7l-1 8 9-12h-7z',
  alerts: 'M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8 M10 20a2 2 0 0 0 4 0',
  devices: 'M5 3h14v12H5z M9 21h6 M12 15v6',
  rules: 'M4 6h10 M18 6h2 M4 12h4 M12 12h8 M4 18h12 M20 18h0 M14 4v4 M8 10v4 M16 16v4',
} as const;
