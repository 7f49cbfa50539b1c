// The media files Generate Notes offers: the Explorer menu's `when` clause in package.json lists the same.
export const MEDIA_EXTENSIONS = ['mp4', 'mkv', 'webm', 'mov', 'avi', 'm4v', 'mp3', 'm4a', 'wav', 'flac', 'ogg', 'opus', 'aac'];
