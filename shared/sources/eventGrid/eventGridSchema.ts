import { z } from 'zod';
import { VendorTimestampSchema } from '../../incident';

const OperationalInfoSchema = z.looseObject({ resourceEventTime: VendorTimestampSchema.nullish() }).nullish();

/**
 * `data` of `Microsoft.ResourceNotifications.HealthResources.*` events (Azure Resource Notifications).
 * `properties` holds `availabilityState` for AvailabilityStatusChanged and `annotationName`,
 * `reason`, `summary`, `category` for ResourceAnnotated.
 *
 * @see https://learn.microsoft.com/azure/event-grid/event-schema-health-resources
 */
const HealthResourcesDataSchema = z.looseObject({
  resourceInfo: z.looseObject({
    id: z.string(),
    name: z.string().nullish(),
    type: z.string().nullish(),
    properties: z.looseObject({
      targetResourceId: z.string().min(1),
      targetResourceType: z.string().nullish(),
      occurredTime: VendorTimestampSchema.nullish(),
      previousAvailabilityState: z.string().nullish(),
      availabilityState: z.string().nullish(),
      annotationName: z.string().nullish(),
      reason: z.string().nullish(),
      summary: z.string().nullish(),
      context: z.string().nullish(),
      category: z.string().nullish(),
    }),
  }),
  operationalInfo: OperationalInfoSchema,
  apiVersion: z.string().nullish(),
});

/** `data` of `Microsoft.ResourceNotifications.Resources.CreatedOrUpdated|Deleted` (ARM changes). */
const ResourcesDataSchema = z.looseObject({
  resourceInfo: z.looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
    type: z.string().nullish(),
    location: z.string().nullish(),
    properties: z.record(z.string(), z.unknown()).nullish(),
  }),
  operationalInfo: OperationalInfoSchema,
  apiVersion: z.string().nullish(),
});

/** `data` of `Microsoft.EventGrid.SubscriptionValidationEvent`. */
const SubscriptionValidationDataSchema = z.looseObject({
  validationCode: z.string().min(1),
  validationUrl: z.string().nullish(),
});

type HealthResourcesData = z.infer<typeof HealthResourcesDataSchema>;
type ResourcesData = z.infer<typeof ResourcesDataSchema>;

export { HealthResourcesDataSchema, ResourcesDataSchema, SubscriptionValidationDataSchema };
export type { HealthResourcesData, ResourcesData };
