import type { KeyIcon } from './face-layout.js';

/** Key glyphs, drawn for Sayhi on a 24×24 grid (stroke icons, currentColor). */
export function Icon(props: { name: KeyIcon }) {
  const common = { width: '1.6em', height: '1.6em', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true' } as const;
  switch (props.name) {
    case 'headset':
      return (
        <svg {...common}>
          <path d="M4 14v-2a8 8 0 0 1 16 0v2" />
          <rect x="3" y="13" width="4" height="6" rx="1.5" />
          <rect x="17" y="13" width="4" height="6" rx="1.5" />
          <path d="M19 19c0 1.5-2 2.5-5 2.5" />
        </svg>
      );
    case 'mute':
      return (
        <svg {...common}>
          <rect x="9" y="3" width="6" height="11" rx="3" />
          <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" />
          <path d="M4 4l16 16" />
        </svg>
      );
    case 'message':
      return (
        <svg {...common}>
          <rect x="3" y="5.5" width="18" height="13" rx="2" />
          <path d="M3.5 6.5l8.5 6.5 8.5-6.5" />
        </svg>
      );
    case 'speaker':
      return (
        <svg {...common}>
          <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" />
          <path d="M15.5 9a4.5 4.5 0 0 1 0 6M18 6.5a8 8 0 0 1 0 11" />
        </svg>
      );
    case 'volUp':
      return (
        <svg {...common}>
          <path d="M3 10h3l4-3.5v11L6 14H3z" />
          <path d="M15 12h6M18 9v6" />
        </svg>
      );
    case 'volDown':
      return (
        <svg {...common}>
          <path d="M3 10h3l4-3.5v11L6 14H3z" />
          <path d="M15 12h6" />
        </svg>
      );
  }
}

/**
 * The handset, lying in its cradle (on hook) or lifted (off hook), drawn in the
 * handset area's own 190×700 coordinates.
 */
export function Handset(props: { offHook: boolean }) {
  return (
    <svg class={`handset${props.offHook ? ' lifted' : ''}`} viewBox="0 0 190 700" aria-hidden="true">
      <defs>
        <linearGradient id="hs-body" x1="0" x2="1">
          <stop offset="0" stop-color="#3a3f45" />
          <stop offset="0.45" stop-color="#24282c" />
          <stop offset="1" stop-color="#16191c" />
        </linearGradient>
        <linearGradient id="hs-cup" x1="0" x2="1">
          <stop offset="0" stop-color="#41474e" />
          <stop offset="1" stop-color="#1b1e21" />
        </linearGradient>
      </defs>
      {/* the cradle: a recess with the hook switch that rises when the handset is lifted */}
      <rect x="12" y="8" width="166" height="684" rx="40" class="cradle" />
      <rect x="78" y={props.offHook ? 92 : 104} width="34" height="26" rx="6" class="hook-switch" />
      <g class="handset-shape">
        <path
          d="M40 40 C40 18 60 10 95 10 C130 10 150 18 150 40 L150 170 C150 196 134 206 124 220 L118 480 C134 494 150 504 150 530 L150 660 C150 682 130 690 95 690 C60 690 40 682 40 660 L40 530 C40 504 56 494 72 480 L66 220 C56 206 40 196 40 170 Z"
          fill="url(#hs-body)"
          stroke="#0c0d0f"
          stroke-width="3"
        />
        <rect x="58" y="34" width="74" height="120" rx="30" fill="url(#hs-cup)" />
        {Array.from({ length: 12 }, (_, i) => (
          <circle cx={80 + (i % 3) * 15} cy={64 + Math.floor(i / 3) * 18} r="3.2" fill="#0d0f11" />
        ))}
        <rect x="58" y="546" width="74" height="120" rx="30" fill="url(#hs-cup)" />
        {Array.from({ length: 3 }, (_, i) => (
          <circle cx={80 + i * 15} cy="606" r="3" fill="#0d0f11" />
        ))}
        <path d="M66 240 L70 460" stroke="#4a5057" stroke-width="3" stroke-linecap="round" opacity="0.6" />
      </g>
    </svg>
  );
}
