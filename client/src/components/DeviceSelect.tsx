import { t } from '../i18n.js';

interface Props {
  id: string;
  testId: string;
  label: string;
  emptyLabel: string;
  devices: MediaDeviceInfo[];
  value: string;
  onChange: (deviceId: string) => void;
}

/** A camera or microphone picker over enumerateDevices() results. */
export function DeviceSelect({ id, testId, label, emptyLabel, devices, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} disabled={devices.length === 0} onChange={(e) => onChange(e.target.value)}>
        {devices.length === 0 && <option value="">{emptyLabel}</option>}
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t('equipment.deviceN', { n: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
