import { z } from 'zod';

/**
 * A zod schema for the Adaptive Cards we post through a Teams Workflows webhook, written from
 * the Adaptive Cards 1.5 schema (adaptivecards.io schema explorer; Teams renders at most 1.5).
 * It is deliberately narrower than the full schema:
 * - elements: TextBlock, RichTextBlock (TextRun), Image, ImageSet, Container, ColumnSet (Column),
 *   FactSet, ActionSet, Table (1.5); no inputs (nothing could read them without a bot);
 * - actions: Action.OpenUrl, Action.ShowCard, Action.ToggleVisibility only, the ones that work
 *   without a bot (Action.Submit / Action.Execute need one);
 * - unknown properties are refused (strict objects), so a typo cannot silently drop content.
 * Enum values are matched case-insensitively, as card renderers do.
 */

function ciEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const lower = values.map((v) => v.toLowerCase());
  return z.string().refine((v) => lower.includes(v.toLowerCase()), { message: `expected one of ${values.join(', ')}` });
}

const Colors = ciEnum(['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention']);
const FontSize = ciEnum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge']);
const FontWeight = ciEnum(['Default', 'Lighter', 'Bolder']);
const FontType = ciEnum(['Default', 'Monospace']);
const HorizontalAlignment = ciEnum(['Left', 'Center', 'Right']);
const VerticalAlignment = ciEnum(['Top', 'Center', 'Bottom']);
const Spacing = ciEnum(['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']);
const ContainerStyle = ciEnum(['default', 'emphasis', 'good', 'attention', 'warning', 'accent']);
const ActionStyle = ciEnum(['default', 'positive', 'destructive']);
const ImageSize = ciEnum(['Auto', 'Stretch', 'Small', 'Medium', 'Large']);
const BlockElementHeight = ciEnum(['auto', 'stretch']);
/** Adaptive Card versions Teams renders (1.0 to 1.5). */
const CardVersion = z.enum(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5']);
const httpUrl = z.url({ protocol: /^https?$/ });

/** Properties every element may carry. */
const elementBase = {
  id: z.string().min(1).optional(),
  isVisible: z.boolean().optional(),
  separator: z.boolean().optional(),
  spacing: Spacing.optional(),
  height: BlockElementHeight.optional(),
  requires: z.record(z.string(), z.string()).optional(),
  fallback: z.literal('drop').optional(),
};

const actionBase = {
  id: z.string().min(1).optional(),
  title: z.string().optional(),
  iconUrl: z.string().optional(),
  style: ActionStyle.optional(),
  tooltip: z.string().optional(),
  isEnabled: z.boolean().optional(),
  mode: ciEnum(['primary', 'secondary']).optional(),
  requires: z.record(z.string(), z.string()).optional(),
};

const TextBlockSchema = z
  .object({
    type: z.literal('TextBlock'),
    text: z.string(),
    color: Colors.optional(),
    fontType: FontType.optional(),
    horizontalAlignment: HorizontalAlignment.optional(),
    isSubtle: z.boolean().optional(),
    maxLines: z.number().int().positive().optional(),
    size: FontSize.optional(),
    weight: FontWeight.optional(),
    wrap: z.boolean().optional(),
    style: ciEnum(['default', 'heading']).optional(),
    ...elementBase,
  })
  .strict();

const TextRunSchema = z
  .object({
    type: z.literal('TextRun'),
    text: z.string(),
    color: Colors.optional(),
    fontType: FontType.optional(),
    highlight: z.boolean().optional(),
    isSubtle: z.boolean().optional(),
    italic: z.boolean().optional(),
    size: FontSize.optional(),
    strikethrough: z.boolean().optional(),
    underline: z.boolean().optional(),
    weight: FontWeight.optional(),
  })
  .strict();

const RichTextBlockSchema = z
  .object({ type: z.literal('RichTextBlock'), inlines: z.array(z.union([TextRunSchema, z.string()])), horizontalAlignment: HorizontalAlignment.optional(), ...elementBase })
  .strict();

const ImageSchema = z
  .object({
    type: z.literal('Image'),
    url: z.string().min(1),
    altText: z.string().optional(),
    backgroundColor: z.string().optional(),
    horizontalAlignment: HorizontalAlignment.optional(),
    size: ImageSize.optional(),
    style: ciEnum(['default', 'person']).optional(),
    width: z.string().optional(),
    ...elementBase,
  })
  .strict();

const ImageSetSchema = z.object({ type: z.literal('ImageSet'), images: z.array(ImageSchema), imageSize: ImageSize.optional(), ...elementBase }).strict();

const FactSetSchema = z
  .object({ type: z.literal('FactSet'), facts: z.array(z.object({ title: z.string(), value: z.string() }).strict()), ...elementBase })
  .strict();

const OpenUrlActionSchema = z.object({ type: z.literal('Action.OpenUrl'), url: httpUrl, ...actionBase }).strict();

const ToggleVisibilityActionSchema = z
  .object({
    type: z.literal('Action.ToggleVisibility'),
    targetElements: z.array(z.union([z.string().min(1), z.object({ elementId: z.string().min(1), isVisible: z.boolean().optional() }).strict()])).min(1),
    ...actionBase,
  })
  .strict();

/** Card elements (recursive through containers, columns, tables and ShowCard). */
const CardElementSchema: z.ZodType<CardElement> = z.lazy(() =>
  z.union([TextBlockSchema, RichTextBlockSchema, ImageSchema, ImageSetSchema, FactSetSchema, ContainerSchema, ColumnSetSchema, ActionSetSchema, TableSchema]),
);

const CardActionSchema: z.ZodType<CardAction> = z.lazy(() => z.union([OpenUrlActionSchema, ShowCardActionSchema, ToggleVisibilityActionSchema]));

const containerProps = {
  style: ContainerStyle.optional(),
  bleed: z.boolean().optional(),
  minHeight: z.string().regex(/^\d+px$/).optional(),
  rtl: z.boolean().optional(),
  verticalContentAlignment: VerticalAlignment.optional(),
  selectAction: z.lazy(() => z.union([OpenUrlActionSchema, ToggleVisibilityActionSchema])).optional(),
};

const ContainerSchema = z.object({ type: z.literal('Container'), items: z.array(CardElementSchema), ...containerProps, ...elementBase }).strict();

const ColumnSchema = z
  .object({
    type: z.literal('Column').optional(),
    items: z.array(CardElementSchema).optional(),
    width: z.union([z.string().regex(/^(auto|stretch|\d+px|\d+)$/i), z.number().positive()]).optional(),
    ...containerProps,
    ...elementBase,
  })
  .strict();

const ColumnSetSchema = z
  .object({ type: z.literal('ColumnSet'), columns: z.array(ColumnSchema), style: ContainerStyle.optional(), bleed: z.boolean().optional(), horizontalAlignment: HorizontalAlignment.optional(), minHeight: z.string().optional(), ...elementBase })
  .strict();

const ActionSetSchema = z.object({ type: z.literal('ActionSet'), actions: z.array(CardActionSchema), ...elementBase }).strict();

const TableSchema = z
  .object({
    type: z.literal('Table'),
    columns: z.array(z.object({ width: z.union([z.string(), z.number()]).optional() }).strict()).optional(),
    rows: z.array(z.object({ type: z.literal('TableRow'), cells: z.array(z.object({ type: z.literal('TableCell'), items: z.array(CardElementSchema) }).strict()), style: ContainerStyle.optional() }).strict()),
    firstRowAsHeader: z.boolean().optional(),
    showGridLines: z.boolean().optional(),
    gridStyle: ContainerStyle.optional(),
    horizontalCellContentAlignment: HorizontalAlignment.optional(),
    verticalCellContentAlignment: VerticalAlignment.optional(),
    ...elementBase,
  })
  .strict();

/** A card shown by Action.ShowCard: no version needed (it inherits the parent's). */
const InnerCardSchema = z
  .object({ type: z.literal('AdaptiveCard'), body: z.array(CardElementSchema).optional(), actions: z.array(CardActionSchema).optional(), version: CardVersion.optional() })
  .strict();

const ShowCardActionSchema = z.object({ type: z.literal('Action.ShowCard'), card: InnerCardSchema, ...actionBase }).strict();

/** The top-level card: `version` is required here (Teams: at most 1.5). */
const AdaptiveCardSchema = z
  .object({
    $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json').optional(),
    type: z.literal('AdaptiveCard'),
    version: CardVersion,
    body: z.array(CardElementSchema).optional(),
    actions: z.array(CardActionSchema).optional(),
    fallbackText: z.string().optional(),
    speak: z.string().optional(),
    lang: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/).optional(),
    minHeight: z.string().regex(/^\d+px$/).optional(),
    rtl: z.boolean().optional(),
    verticalContentAlignment: VerticalAlignment.optional(),
    selectAction: z.union([OpenUrlActionSchema, ToggleVisibilityActionSchema]).optional(),
    /** Teams extension: `Full` uses the whole message width. */
    msteams: z.object({ width: z.literal('Full').optional() }).strict().optional(),
  })
  .strict();

/** The body a Workflows "When a Teams webhook request is received" trigger expects. */
const TeamsWorkflowMessageSchema = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(z.object({ contentType: z.literal('application/vnd.microsoft.card.adaptive'), contentUrl: z.null().optional(), content: AdaptiveCardSchema }).strict())
      .min(1),
  })
  .strict();

type TextBlock = z.infer<typeof TextBlockSchema>;
type RichTextBlock = z.infer<typeof RichTextBlockSchema>;
type Image = z.infer<typeof ImageSchema>;
type ImageSet = z.infer<typeof ImageSetSchema>;
type FactSet = z.infer<typeof FactSetSchema>;
type OpenUrlAction = z.infer<typeof OpenUrlActionSchema>;
type ToggleVisibilityAction = z.infer<typeof ToggleVisibilityActionSchema>;
type SelectAction = OpenUrlAction | ToggleVisibilityAction;
interface ContainerProps {
  style?: string;
  bleed?: boolean;
  minHeight?: string;
  rtl?: boolean;
  verticalContentAlignment?: string;
  selectAction?: SelectAction;
}
type ElementBase = Omit<TextBlock, 'type' | 'text' | 'color' | 'fontType' | 'horizontalAlignment' | 'isSubtle' | 'maxLines' | 'size' | 'weight' | 'wrap' | 'style'>;
type Container = { type: 'Container'; items: CardElement[] } & ContainerProps & ElementBase;
type Column = { type?: 'Column'; items?: CardElement[]; width?: string | number } & ContainerProps & ElementBase;
type ColumnSet = { type: 'ColumnSet'; columns: Column[]; style?: string; bleed?: boolean; horizontalAlignment?: string; minHeight?: string } & ElementBase;
type ActionSet = { type: 'ActionSet'; actions: CardAction[] } & ElementBase;
type Table = {
  type: 'Table';
  columns?: { width?: string | number }[];
  rows: { type: 'TableRow'; cells: { type: 'TableCell'; items: CardElement[] }[]; style?: string }[];
  firstRowAsHeader?: boolean;
  showGridLines?: boolean;
  gridStyle?: string;
  horizontalCellContentAlignment?: string;
  verticalCellContentAlignment?: string;
} & ElementBase;
type CardElement = TextBlock | RichTextBlock | Image | ImageSet | FactSet | Container | ColumnSet | ActionSet | Table;
type InnerCard = { type: 'AdaptiveCard'; body?: CardElement[]; actions?: CardAction[]; version?: z.infer<typeof CardVersion> };
type ShowCardAction = { type: 'Action.ShowCard'; card: InnerCard } & Omit<OpenUrlAction, 'type' | 'url'>;
type CardAction = OpenUrlAction | ShowCardAction | ToggleVisibilityAction;
type AdaptiveCard = z.infer<typeof AdaptiveCardSchema>;
type TeamsWorkflowMessage = z.infer<typeof TeamsWorkflowMessageSchema>;

export { AdaptiveCardSchema, TeamsWorkflowMessageSchema, CardElementSchema, CardActionSchema };
export type { AdaptiveCard, TeamsWorkflowMessage, CardElement, CardAction, TextBlock, FactSet, Container, OpenUrlAction, ShowCardAction };
