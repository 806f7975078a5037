// Distances in metres on the WGS84 ellipsoid (Vincenty's inverse formula, accurate to
// well under a millimetre), and the demand × candidate matrix built from them.

const A = 6378137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const RAD = Math.PI / 180;

/**
 * Geodesic distance in metres between two [lon, lat] points in degrees on WGS84.
 * Vincenty's inverse method; for nearly antipodal points, where it may not converge,
 * a sphere of the mean radius answers (no such pair occurs within a city).
 */
export function geodesicMetres(a: readonly [number, number] | readonly number[], b: readonly [number, number] | readonly number[]): number {
  const lon1 = a[0]!, lat1 = a[1]!, lon2 = b[0]!, lat2 = b[1]!;
  if (lon1 === lon2 && lat1 === lat2) return 0;
  const L = (lon2 - lon1) * RAD;
  const U1 = Math.atan((1 - F) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - F) * Math.tan(lat2 * RAD));
  const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
  let lambda = L;
  for (let iter = 0; iter < 200; iter++) {
    const sinL = Math.sin(lambda), cosL = Math.cos(lambda);
    const sinSigma = Math.hypot(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-12) {
      const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
      const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const dSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      return B * bigA * (sigma - dSigma);
    }
  }
  // Nearly antipodal: great circle on the mean-radius sphere.
  const R = (2 * A + B) / 3;
  const h = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Candidate-major matrix of geodesic metres: result[j * demand.length + i]. */
export function geodesicMatrix(demand: readonly (readonly number[])[], candidates: readonly (readonly number[])[]): Float64Array {
  const n = demand.length;
  const out = new Float64Array(n * candidates.length);
  for (let j = 0; j < candidates.length; j++) {
    const c = candidates[j]!;
    for (let i = 0; i < n; i++) out[j * n + i] = geodesicMetres(demand[i]!, c);
  }
  return out;
}
