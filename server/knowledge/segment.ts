// Topic segmentation lives in ./segmentation/ (one idea per file); this module keeps the old import path.
export { announcesPart, chapterStartIndexes, DEFAULT_SEGMENT_OPTIONS, rangesFromStarts, segmentOptionsFor, segmentTopics, subsectionStarts, type SegmentOptions, type SubsectionOptions } from './segmentation';
