import { Text } from 'ink';
import React, { useState } from 'react';
import type { CatalogTemplate } from '../../../core/protocol/catalog.js';
import type { Conversation } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { EntryDialog } from '../../../ui/EntryDialog.js';
import { fit, oneLine } from '../../../ui/format.js';
import { cycleMoves, SearchPickerBox } from '../../../ui/SearchPickerBox.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useTypedSearch } from '../../../ui/use-typed-search.js';
import { type HintPart, useBoundHint } from '../../../ui/bound-hint.js';
import { useApp } from '../../app-context.js';
import { templateMatches, templatePreview } from '../../chats/templates.js';
import { useRequest } from '../../use-request.js';

/** Read from the commands bound: ↑↓ only while there is another match to move to, Enter only over one; the agent's own keys. */
const KEYS_HINT: readonly HintPart[] = [
  { ids: ['list.up', 'list.down'], label: 'choose' },
  { ids: ['template.choose'], label: 'fill in and send' },
  { ids: ['list.cancel'], label: 'cancel' },
];

/**
 * Send an approved WhatsApp template (the only message WhatsApp takes 24
 * hours after the customer last wrote): choose one, searched by name and
 * text as you type with its body shown; then give each numbered parameter
 * (placeholders such as {{customer.firstname}} are filled by the server)
 * while the preview shows the message as the customer will read it. The
 * server's refusal (a parameter missing) stays in the form.
 */
export function TemplatePicker({ conversation: c, templates, width, height, onClose }: { conversation: Conversation; templates: CatalogTemplate[]; width: number; height: number; onClose: () => void }) {
  const [chosen, setChosen] = useState<CatalogTemplate | null>(null);
  if (chosen) return <TemplateParams conversation={c} template={chosen} width={width} onBack={() => setChosen(null)} onSent={onClose} />;
  return <TemplateList templates={templates} width={width} height={height} onChoose={setChosen} onCancel={onClose} />;
}

function TemplateList({ templates, width, height, onChoose, onCancel }: { templates: CatalogTemplate[]; width: number; height: number; onChoose: (t: CatalogTemplate) => void; onCancel: () => void }) {
  const theme = useTheme();
  const { query, matches, selected, setIndex, text, clear } = useTypedSearch((q) => templateMatches(templates, q));
  const current = matches[selected];
  useCommands(
    'templates',
    {
      'template.choose': current ? () => onChoose(current) : undefined,
      'list.cancel': onCancel,
      'field.clear': query ? clear : undefined,
      ...cycleMoves(matches.length, setIndex),
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const keysHint = useBoundHint(KEYS_HINT);
  return (
    <SearchPickerBox
      title={
        <>
          WhatsApp templates <Text color={theme.muted}>· {matches.length} of {templates.length}</Text>
        </>
      }
      query={query}
      matches={matches}
      selected={selected}
      empty={templates.length === 0 ? 'No WhatsApp templates are configured on this server.' : `Nothing matches "${query}".`}
      rowKey={(t) => `${t.name}:${t.language}`}
      name={(t) => fit(t.name, 22).padEnd(22)}
      summary={(t) => `${t.language.padEnd(6)} ${oneLine(t.body)}`}
      previewText={(t) => templatePreview(t.body)}
      hint={`Type to search · ${keysHint}`}
      width={width}
      height={height}
    />
  );
}

function TemplateParams({ conversation: c, template, width, onBack, onSent }: { conversation: Conversation; template: CatalogTemplate; width: number; onBack: () => void; onSent: () => void }) {
  const { client, toast } = useApp();
  const [params, setParams] = useState<string[]>(() => Array.from({ length: template.params }, () => ''));
  const { busy, error, request } = useRequest();
  const send = () =>
    void request(async () => {
      await client.send('message.template', { conversation: c.id, name: template.name, language: template.language, params });
      toast(`Template ${template.name} sent.`, 'success');
      onSent();
    });
  const fields = params.map((value, i) => ({
    label: `{{${i + 1}}}`,
    value,
    onChange: (v: string) => setParams((p) => p.map((x, j) => (j === i ? v : x))),
    placeholder: i === 0 ? 'e.g. {{customer.firstname}}' : undefined,
  }));
  return (
    <EntryDialog
      title={`Send template ${template.name} (${template.language}, ${template.category.toLowerCase()})`}
      note={templatePreview(template.body, params)}
      fields={fields}
      error={error}
      busy={busy}
      width={width}
      onSubmit={send}
      onCancel={onBack}
    />
  );
}
