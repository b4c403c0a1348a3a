// Bumped whenever a formula or constant in src/score changes, so stored scores can be told apart
// and re-scored (the store re-saves a post whose scoring version differs).
export const SCORING_VERSION = 'score-2';
