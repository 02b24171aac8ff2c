/** disk: fio on the data disk, a mixed random read/write job then a sequential write job, in a loop. */
import { z } from 'zod';
import { DATA_MOUNT } from '../constants.js';
import { defineWorkload } from './define-workload.js';
import { sh } from './guest/shell-script.js';
import { integerParam, SIZE_PATTERN, stringParam } from './params.js';

/** Size of each job's file: with the default 4 jobs and a 10Gi disk, about a third of it. */
const FILE_SIZE = '512M';
const FILE_MIB = 512;
/** ext4 keeps 5% for root and some for its metadata: a tenth more than the files. */
const FILESYSTEM_OVERHEAD = 1.1;
const SIZE_EXPECTED = 'a size such as 4k, 64k or 1M';

export const disk = defineWorkload({
  name: 'disk',
  description: 'fio mixed random read/write and sequential write on a data disk',
  params: z.strictObject({
    'block-size-rw': stringParam('4k', SIZE_PATTERN, SIZE_EXPECTED, 'fio --bs of the mixed random read/write job'),
    'block-size-seq': stringParam('128k', SIZE_PATTERN, SIZE_EXPECTED, 'fio --bs of the sequential write job'),
    rwmixread: integerParam(70, { min: 0, max: 100 }, 'fio --rwmixread: share of reads in the mixed job, in percent'),
    numjobs: integerParam(4, { min: 1, max: 64 }, 'fio --numjobs: parallel workers of the mixed job'),
    runtime: integerParam(300, { min: 1, max: 86_400 }, 'seconds each job runs before the next starts'),
  }),
  dataMount: () => DATA_MOUNT,
  // Each mixed job lays out its own file, and the sequential job one more; they stay between runs.
  dataDiskMinimum: (params) => ({
    bytes: Math.ceil((params.numjobs + 1) * FILE_MIB * FILESYSTEM_OVERHEAD) * 1024 * 1024,
    why: `fio lays out one ${FILE_SIZE} file per mixed job (numjobs=${params.numjobs}) and one for the sequential job, plus ext4's reserve`,
  }),
  guest: ({ params }) => {
    const mount = DATA_MOUNT;
    // psync is built into fio on every distribution (libaio is a separate package on Fedora);
    // --direct=1 bypasses the page cache, so the I/O reaches the disk.
    const common = `--directory="$dir" --size=${FILE_SIZE} --time_based --runtime=${params.runtime} --ioengine=psync --direct=1`;
    return {
      tools: ['fio'],
      script: sh('disk: fio mixed random read/write, then sequential write, on the data disk, forever', [
        `dir=${mount}/fio`,
        'mkdir -p "$dir"',
        'while :; do',
        `  fio --name=virtwork-mixed --rw=randrw --rwmixread=${params.rwmixread} --bs=${params['block-size-rw']} --numjobs=${params.numjobs} --group_reporting ${common}`,
        `  fio --name=virtwork-seq --rw=write --bs=${params['block-size-seq']} ${common}`,
        'done',
      ]),
      unit: { description: 'fio on the data disk', requiresMountsFor: [mount] },
    };
  },
});
