/** Calibration of the model's timings from dumps of a real (or simulated) fleet. */
export { calibrateFiles, calibrateTimings, STEPS, STEP_FIELD, type CalibrationResult, type GroupFit, type Step, type CalibrateOutcome } from './calibrate.js';
export { fitDurations, EMPIRICAL_FROM, MIN_SAMPLES, type Fit } from './fit.js';
export { machineTimings, type MachineTiming } from './samples.js';
export { renderCalibration, specText } from './render.js';
