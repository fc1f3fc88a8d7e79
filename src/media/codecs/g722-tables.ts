/**
 * Constant tables of ITU-T G.722 §6, "Computational details". Values are the
 * Recommendation's, with the inverse-quantizer outputs (QQ6, QQ4, QQ2) already
 * multiplied by 8 and signed, so that DET · Q >> 15 is the difference signal.
 */

/** QUANTL decision levels Q6(mil), mil = 1..29; index 0 unused. */
export const Q6_DECISION = Int32Array.of(
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
  786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
);

/** QUANTL output code ILN(mil) for a negative difference. */
export const ILN = Int32Array.of(
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15,
  14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
);

/** QUANTL output code ILP(mil) for a non-negative difference. */
export const ILP = Int32Array.of(
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43,
  42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
);

/** INVQBL 6-bit (64 kbit/s, mode 1) inverse quantizer, indexed by the 6-bit code. */
export const QM6 = Int32Array.of(
  -136, -136, -136, -136, -24808, -21904, -19008, -16704,
  -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
  -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576,
  -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
  24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
  10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
  4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
  1688, 1360, 1040, 728, 432, 136, -432, -136,
);

/** INVQAL 4-bit inverse quantizer (the embedded core that drives prediction). */
export const QM4 = Int32Array.of(
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
  20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
);

/** LOGSCL: log scale-factor multiplier WL, selected through RIL → RL42. */
export const WL = Int32Array.of(-60, -30, 58, 172, 334, 538, 1198, 3042);
export const RL42 = Int32Array.of(0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0);

/** SCALEL/SCALEH: ILB, 2048·2^(i/32) rounded. */
export const ILB = Int32Array.of(
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656,
  2714, 2774, 2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520,
  3597, 3676, 3756, 3838, 3922, 4008,
);

/** Higher sub-band: QUANTH decision level Q2 and codes IHN/IHP. */
export const Q2_DECISION = 564;
export const IHN = Int32Array.of(0, 1, 0);
export const IHP = Int32Array.of(0, 3, 2);
/** INVQAH 2-bit inverse quantizer, indexed by the 2-bit code. */
export const QM2 = Int32Array.of(-7408, -1616, 7408, 1616);
/** LOGSCH multiplier WH via RH2. */
export const WH = Int32Array.of(0, -214, 798);
export const RH2 = Int32Array.of(2, 1, 2, 1);

/**
 * QMF coefficients h0..h23, shared by the transmit and the
 * receive filter. They sum to 8192 (unity gain at 2^13).
 */
export const QMF_COEFFS = Int32Array.of(
  3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
  3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3,
);
