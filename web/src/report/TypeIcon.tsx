// A plain badge per report type: a colour and one character, readable on any phone
// (no emoji font needed).
const BADGES: Record<string, [string, string]> = {
  litter: ['垃', '#15803d'],
  bin: ['桶', '#16a34a'],
  lamp: ['灯', '#ca8a04'],
  manhole: ['井', '#b91c1c'],
  road: ['路', '#6b7280'],
  vendor: ['摊', '#c2410c'],
  clutter: ['堆', '#92400e'],
  flyers: ['贴', '#7c3aed'],
  tree: ['树', '#166534'],
  flood: ['水', '#1d4ed8'],
};

export function TypeIcon({ kind }: { kind: string }) {
  const [glyph, colour] = BADGES[kind] ?? ['?', '#52606d'];
  return (
    <span className="type-icon" aria-hidden="true" style={{ background: colour }}>
      {glyph}
    </span>
  );
}
