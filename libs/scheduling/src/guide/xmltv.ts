import { TimeZone } from '../time/time-zone';
import { type Occurrence } from '../schedule/schedule-types';

export interface GuideChannel {
  xmltvId: string;
  slug: string;
  name: string;
  kind: 'tv' | 'radio';
  language: string;
  logoUrl: string | null;
  stationName: string;
  streamUrl: string;
  timezone: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * What XML 1.0 forbids (controls other than tab and line breaks, U+FFFE, U+FFFF, lone
 * surrogates) and what it discourages and XMLTV readers refuse (DEL, the C1 controls such
 * as U+0085, the other noncharacters).
 */
const NOT_GUIDE_TEXT = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** Escapes text for XML, dropping what NOT_GUIDE_TEXT names (input refuses it; older rows may hold it). */
export function escapeXml(text: string): string {
  return text.replace(NOT_GUIDE_TEXT, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

const nonBlank = (text: string | null): text is string => text !== null && text.trim() !== '';

/**
 * The guide as XMLTV (xmltv.dtd): channels first, then their programmes. A channel with
 * nothing scheduled in the window is left out (tv_validate_file refuses channels without
 * programmes).
 */
export function renderXmltv(
  channels: Array<{ channel: GuideChannel; occurrences: readonly Occurrence[] }>,
  generator: { name: string; url: string },
): string {
  const listed = channels.filter((c) => c.occurrences.length > 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE tv SYSTEM "xmltv.dtd">',
    `<tv source-info-name="Siaran" source-info-url="${escapeXml(generator.url)}" generator-info-name="${escapeXml(generator.name)}">`,
  ];
  for (const { channel } of listed) {
    lines.push(`  <channel id="${escapeXml(channel.xmltvId)}">`);
    lines.push(`    <display-name lang="${escapeXml(channel.language)}">${escapeXml(channel.name)}</display-name>`);
    if (nonBlank(channel.logoUrl)) lines.push(`    <icon src="${escapeXml(channel.logoUrl)}"/>`);
    lines.push('  </channel>');
  }
  for (const { channel, occurrences } of listed) {
    const zone = TimeZone.of(channel.timezone);
    for (const occurrence of occurrences) {
      const { programme } = occurrence;
      const lang = escapeXml(programme.language);
      lines.push(
        `  <programme start="${zone.formatXmltv(occurrence.start.getTime())}" stop="${zone.formatXmltv(occurrence.end.getTime())}" channel="${escapeXml(channel.xmltvId)}">`,
      );
      lines.push(`    <title lang="${lang}">${escapeXml(programme.title)}</title>`);
      if (nonBlank(programme.description))
        lines.push(`    <desc lang="${lang}">${escapeXml(programme.description)}</desc>`);
      if (nonBlank(programme.host))
        lines.push(`    <credits>\n      <presenter>${escapeXml(programme.host)}</presenter>\n    </credits>`);
      if (nonBlank(programme.category))
        lines.push(`    <category lang="${lang}">${escapeXml(programme.category)}</category>`);
      if (nonBlank(programme.artworkUrl)) lines.push(`    <icon src="${escapeXml(programme.artworkUrl)}"/>`);
      lines.push('  </programme>');
    }
  }
  lines.push('</tv>');
  return `${lines.join('\n')}\n`;
}
