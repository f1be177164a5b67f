/**
 * File formats: HDF5 through h5wasm (readable by h5py) and atomic file replacement.
 * @module
 */
export { writeFileAtomic, writeAtomically, temporaryPathFor, checkWritableFile } from "./atomic-file.js";
export {
  type Hdf5WritableArray,
  type Hdf5Array,
  type JsonValue as Hdf5JsonValue,
  type Hdf5AttributeInput,
  type Hdf5AttributeValue,
  type Hdf5DatasetInput,
  type Hdf5GroupInput,
  type Hdf5Dataset,
  type Hdf5Group,
  type WriteHdf5Options,
  Hdf5Int32,
  int32,
  writeHdf5,
  readHdf5,
  checkHdf5File,
  getDataset,
  getGroup,
  attrJson,
} from "./hdf5.js";
